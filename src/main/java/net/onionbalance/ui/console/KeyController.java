package net.onionbalance.ui.console;

import net.onionbalance.config.InstanceConfig;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
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
 * Turns key strokes into UI changes and engine commands. It only changes {@link UiState} and
 * calls {@link BalancerControl#submit}, which queues: no key ever waits for tor.
 */
final class KeyController {
    /** What the console loop does after a key. */
    enum Outcome {
        CONTINUE,
        /** {@code q} confirmed. */
        QUIT,
        /** Ctrl-C. */
        INTERRUPTED,
        /** The terminal's input ended (the SSH session went away). */
        TERMINAL_LOST
    }


    private final BalancerControl control;
    private final ConsoleHooks hooks;
    private final UiState ui;
    /** Runs a task on the console thread (for results of asynchronous hooks). */
    private final Executor consoleThread;
    private Outcome pending = Outcome.CONTINUE;

    KeyController(BalancerControl control, ConsoleHooks hooks, UiState ui, Executor consoleThread) {
        this.control = control;
        this.hooks = hooks;
        this.ui = ui;
        this.consoleThread = consoleThread;
    }

    Outcome handle(KeyStroke key, EngineSnapshot snapshot) {
        if (key.getKeyType() == KeyType.EOF) {
            return Outcome.TERMINAL_LOST;
        }
        if (isChar(key, 'c') && key.isCtrlDown()) {
            return Outcome.INTERRUPTED;
        }
        ui.cursor = Rows.resolve(snapshot, ui.cursor);
        if (ui.overlay.isPresent()) {
            onOverlay(ui.overlay.get(), key);
        } else if (ui.page == UiState.Page.PLUGIN) {
            onPlugin(key);
        } else {
            onPage(key, snapshot);
        }
        Outcome o = pending;
        pending = Outcome.CONTINUE;
        return o;
    }

    private void onOverlay(Overlay overlay, KeyStroke key) {
        if (overlay instanceof Overlay.Help) {
            ui.overlay = Optional.empty();
        } else if (overlay instanceof Overlay.Confirm c) {
            if (isChar(key, 'y') || isChar(key, 'Y')) {
                ui.overlay = Optional.empty();
                c.onYes().run();
            } else if (isChar(key, 'n') || isChar(key, 'N') || key.getKeyType() == KeyType.Escape) {
                ui.overlay = Optional.empty();
                ui.say("cancelled");
            }
        } else if (overlay instanceof Overlay.Choice c) {
            if (key.getKeyType() == KeyType.Escape) {
                ui.overlay = Optional.empty();
                ui.say("cancelled");
            } else if (key.getKeyType() == KeyType.Character) {
                c.option(key.getCharacter()).ifPresent(o -> {
                    ui.overlay = Optional.empty();
                    o.action().run();
                });
            }
        } else if (overlay instanceof Overlay.Prompt p) {
            switch (key.getKeyType()) {
                case Escape -> {
                    ui.overlay = Optional.empty();
                    ui.say("cancelled");
                }
                case Backspace -> p.backspace();
                case Enter -> {
                    Overlay.PromptResult r = p.onEnter.apply(p.text.toString().strip());
                    if (r instanceof Overlay.PromptResult.Done d) {
                        ui.overlay = Optional.empty();
                        ui.say(d.message(), Style.OK);
                    } else if (r instanceof Overlay.PromptResult.Refused f) {
                        p.error = Optional.of(f.error());
                    } else if (r instanceof Overlay.PromptResult.Next n) {
                        ui.overlay = Optional.of(n.prompt());
                    }
                }
                case Character -> p.type(key.getCharacter());
                default -> { }
            }
        }
    }

    private void onPlugin(KeyStroke key) {
        ConsolePage page = ui.plugin.orElse(null);
        if (page == null || !page.onKey(key)) {
            ui.plugin = Optional.empty();
            ui.page = UiState.Page.MAIN;
        }
    }

    private void onPage(KeyStroke key, EngineSnapshot snapshot) {
        boolean detail = ui.page == UiState.Page.DETAIL;
        switch (key.getKeyType()) {
            case ArrowUp -> {
                if (detail) {
                    ui.detailScroll = Math.max(0, ui.detailScroll - 1);
                } else {
                    ui.cursor = Rows.move(snapshot, ui.cursor, -1);
                }
            }
            case ArrowDown -> {
                if (detail) {
                    ui.detailScroll++;
                } else {
                    ui.cursor = Rows.move(snapshot, ui.cursor, 1);
                }
            }
            case PageUp -> {
                if (detail) {
                    ui.detailScroll = Math.max(0, ui.detailScroll - 10);
                } else {
                    ui.logScroll += 5;
                }
            }
            case PageDown -> {
                if (detail) {
                    ui.detailScroll += 10;
                } else {
                    ui.logScroll = Math.max(0, ui.logScroll - 5);
                }
            }
            case End -> ui.logScroll = 0;
            case Enter -> {
                if (!detail && ui.cursor.isPresent()) {
                    ui.page = UiState.Page.DETAIL;
                    ui.detailScroll = 0;
                }
            }
            case Escape, Backspace, ArrowLeft -> {
                if (detail) {
                    ui.page = UiState.Page.MAIN;
                }
            }
            case Character -> onChar(key.getCharacter(), snapshot, detail);
            default -> { }
        }
    }

    private void onChar(char c, EngineSnapshot snapshot, boolean detail) {
        switch (c) {
            case 'r' -> republish(snapshot);
            case 'R' -> {
                control.submit(new EngineCommand.ForceRepublish(Optional.empty()));
                ui.say("asked the engine to republish every service", Style.OK);
            }
            case 'f' -> {
                control.submit(new EngineCommand.FetchNow());
                ui.say("asked the engine to fetch every instance's descriptor", Style.OK);
            }
            case 'a' -> add(snapshot);
            case 'd' -> {
                if (detail) {
                    ui.say("go back (Esc) and put the cursor on the instance to remove", Style.WARN);
                } else {
                    remove(snapshot);
                }
            }
            case 't' -> rotate(snapshot);
            case 'w' -> wizard();
            case 'l' -> {
                ui.logFilter = ui.logFilter.next();
                ui.logScroll = 0;
                ui.say("log pane shows " + ui.logFilter.label() + " and above");
            }
            case 'h', '?' -> ui.overlay = Optional.of(new Overlay.Help());
            case 'q' -> ui.overlay = Optional.of(new Overlay.Confirm("quit",
                    List.of("Quit onionbalance? The balancer stops and", "descriptors are no longer republished."),
                    () -> pending = Outcome.QUIT));
            default -> { }
        }
    }

    private void republish(EngineSnapshot snapshot) {
        Optional<ServiceStatus> s = Rows.service(snapshot, ui.cursor);
        if (s.isEmpty()) {
            ui.say("no service to republish", Style.WARN);
            return;
        }
        control.submit(new EngineCommand.ForceRepublish(Optional.of(s.get().masterAddress())));
        ui.say("asked the engine to republish " + Text.address(s.get().masterAddress(), 30), Style.OK);
    }

    private void add(EngineSnapshot snapshot) {
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
                                control.submit(new EngineCommand.AddInstance(master, made.address(), Optional.of(made.name())));
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

    private void remove(EngineSnapshot snapshot) {
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

    private void rotate(EngineSnapshot snapshot) {
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

    private void wizard() {
        Optional<ConsoleHooks.Wizard> w = hooks.wizard();
        if (w.isEmpty()) {
            ui.say("w: the setup wizard is not available yet", Style.WARN);
            return;
        }
        ui.plugin = Optional.of(w.get().open(control));
        ui.page = UiState.Page.PLUGIN;
    }

    private static boolean isChar(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character && key.getCharacter() == c;
    }
}
