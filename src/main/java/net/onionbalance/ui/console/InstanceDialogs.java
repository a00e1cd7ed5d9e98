package net.onionbalance.ui.console;

import net.onionbalance.config.InstanceConfig;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.InstanceStatus;
import net.onionbalance.engine.snapshot.ServiceStatus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The instance dialogs behind {@code a} (paste an address, or generate a new instance and its
 * bundle), {@code d} (remove, asks first) and {@code t} (rotate a torrc bundle, asks first).
 * They only open overlays, change {@link UiState} and queue engine commands; slow hooks report
 * back through the console thread's executor.
 */
final class InstanceDialogs {
    private final BalancerControl control;
    private final ConsoleHooks hooks;
    private final UiState ui;
    /** Runs a task on the console thread (for results of asynchronous hooks). */
    private final Executor consoleThread;

    InstanceDialogs(BalancerControl control, ConsoleHooks hooks, UiState ui, Executor consoleThread) {
        this.control = control;
        this.hooks = hooks;
        this.ui = ui;
        this.consoleThread = consoleThread;
    }

    void add(EngineSnapshot snapshot) {
        Optional<ServiceStatus> s = Rows.service(snapshot, ui.cursor);
        if (s.isEmpty()) {
            ui.say("no service to add an instance to", Style.WARN);
            return;
        }
        ServiceStatus service = s.get();
        Optional<ConsoleHooks.InstanceGenerator> generator = hooks.instanceGenerator();
        if (generator.isEmpty()) {
            ui.overlay = Optional.of(addressPrompt(service));
            return;
        }
        ui.overlay = Optional.of(new Overlay.Choice("add an instance to " + Text.address(service.masterAddress(), 24), List.of(
                "Add a backend that already runs (paste its address), or make a new",
                "one: a fresh key and a torrc bundle to copy to the backend host."), List.of(
                new Overlay.Option('p', "paste the address of a running instance",
                        () -> ui.overlay = Optional.of(addressPrompt(service))),
                new Overlay.Option('g', "generate a new instance with its torrc bundle",
                        () -> ui.overlay = Optional.of(generatePrompt(service, generator.get()))))));
    }

    private Overlay.Prompt addressPrompt(ServiceStatus service) {
        OnionAddress master = service.masterAddress();
        return new Overlay.Prompt("add an instance to " + Text.address(master, 24),
                "Paste the instance's onion address (its hostname file):", text -> {
                    if (text.isEmpty()) {
                        return new Overlay.PromptResult.Refused("an onion address is 56 characters, .onion optional");
                    }
                    OnionAddress instance;
                    try {
                        instance = OnionAddress.parse(text);
                    } catch (IllegalArgumentException e) {
                        return new Overlay.PromptResult.Refused(e.getMessage());
                    }
                    if (instance.equals(master)) {
                        return new Overlay.PromptResult.Refused("that is the service's own (master) address, not an instance's");
                    }
                    if (service.instances().stream().anyMatch(i -> i.address().equals(instance))) {
                        return new Overlay.PromptResult.Refused("already an instance of this service");
                    }
                    return new Overlay.PromptResult.Next(namePrompt(master, instance));
                });
    }

    private Overlay.Prompt generatePrompt(ServiceStatus service, ConsoleHooks.InstanceGenerator generator) {
        OnionAddress master = service.masterAddress();
        return new Overlay.Prompt("new instance for " + Text.address(master, 24),
                "A name for the new instance (Enter: the next in the series, e.g. node3):", name -> {
                    if (!name.isEmpty() && !InstanceConfig.isPlainName(name)) {
                        return new Overlay.PromptResult.Refused(
                                "use " + InstanceConfig.PLAIN_NAME_RULE);
                    }
                    if (service.instances().stream().anyMatch(i -> i.name().equals(name))) {
                        return new Overlay.PromptResult.Refused("the service already has an instance named " + name);
                    }
                    Optional<String> chosen = name.isEmpty() ? Optional.empty() : Optional.of(name);
                    try {
                        generator.generate(master, chosen).whenComplete((made, err) -> consoleThread.execute(() -> {
                            if (err == null) {
                                control.submit(new EngineCommand.AddInstance(master, made.address(), Optional.of(made.name()), made.clientKey()));
                                ui.say(made.message(), Style.OK);
                            } else {
                                ui.say("new instance failed: " + cause(err).getMessage(), Style.BAD);
                            }
                        }));
                    } catch (RuntimeException e) {
                        return new Overlay.PromptResult.Refused("new instance failed: " + e.getMessage());
                    }
                    return new Overlay.PromptResult.Done("writing a new instance bundle for " + Text.address(master, 24) + "...");
                });
    }

    private Overlay.Prompt namePrompt(OnionAddress master, OnionAddress instance) {
        return new Overlay.Prompt("name the instance " + Text.address(instance, 24),
                "A name for logs and the console (Enter for none):", name -> {
                    if (!name.isEmpty() && !InstanceConfig.isPlainName(name)) {
                        return new Overlay.PromptResult.Refused(
                                "use " + InstanceConfig.PLAIN_NAME_RULE);
                    }
                    control.submit(new EngineCommand.AddInstance(master, instance,
                            name.isEmpty() ? Optional.empty() : Optional.of(name)));
                    return new Overlay.PromptResult.Done("asked the engine to add "
                            + (name.isEmpty() ? "" : name + " ") + Text.address(instance, 16)
                            + " to " + Text.address(master, 16) + " (see the log)");
                });
    }

    void remove(EngineSnapshot snapshot) {
        Optional<InstanceStatus> i = Rows.instance(snapshot, ui.cursor);
        if (i.isEmpty()) {
            ui.say("put the cursor on an instance (arrow keys) to remove it", Style.WARN);
            return;
        }
        OnionAddress master = ui.cursor.get().service();
        InstanceStatus instance = i.get();
        ui.overlay = Optional.of(new Overlay.Confirm("remove instance", List.of(
                "Remove instance " + instance.name() + " (" + Text.address(instance.address(), 30) + ")",
                "from " + Text.address(master, 40) + "?",
                "Its intro points leave the next descriptors; config.yaml is updated."),
                () -> {
                    control.submit(new EngineCommand.RemoveInstance(master, instance.address()));
                    ui.say("asked the engine to remove " + instance.name() + " (" + Text.address(instance.address(), 24) + ")",
                            Style.OK);
                }));
    }

    void rotate(EngineSnapshot snapshot) {
        Optional<ConsoleHooks.BundleRotation> rotation = hooks.bundleRotation();
        if (rotation.isEmpty()) {
            ui.say("t: torrc bundle rotation is not available yet (it comes with the setup wizard)", Style.WARN);
            return;
        }
        Optional<ServiceStatus> s = Rows.service(snapshot, ui.cursor);
        if (s.isEmpty() || s.get().instances().isEmpty()) {
            ui.say("put the cursor on an instance (arrow keys) to rotate its torrc bundle", Style.WARN);
            return;
        }
        OnionAddress master = s.get().masterAddress();
        Optional<InstanceStatus> i = Rows.instance(snapshot, ui.cursor);
        boolean whole = i.isEmpty();
        List<InstanceStatus> chosen = whole ? s.get().instances() : List.of(i.get());
        String what = whole ? "the instances of " + Text.address(master, 16) : i.get().name();
        List<String> question = whole
                ? List.of("Write new keys and new torrc bundles for all " + chosen.size() + " instances of",
                        Text.address(master, 40) + "?",
                        "Old addresses stay listed until the new ones are seen valid.")
                : List.of("Write new keys and a new torrc bundle for " + i.get().name() + "?",
                        "The old address stays listed until the new one is seen valid.");
        ui.overlay = Optional.of(new Overlay.Confirm("rotate torrc bundle", question, () -> {
            ui.say("rotating the torrc bundle of " + what + "...");
            try {
                rotation.get().rotate(master, chosen, whole).whenComplete((msg, err) ->
                        consoleThread.execute(() -> {
                            if (err == null) {
                                // The rotation listed the new instances in config.yaml: the engine re-reads it.
                                control.submit(new EngineCommand.Reload());
                                ui.say(msg, Style.OK);
                            } else {
                                ui.say("rotating " + what + " failed: " + cause(err).getMessage(), Style.BAD);
                            }
                        }));
            } catch (RuntimeException e) {
                ui.say("rotating " + what + " failed: " + e.getMessage(), Style.BAD);
            }
        }));
    }

    private static Throwable cause(Throwable err) {
        return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    }
}
