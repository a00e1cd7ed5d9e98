package net.onionbalance.ui.console;

import net.onionbalance.crypto.ClientAuthFiles;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.ServiceStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client dialogs behind {@code c} (restricted discovery, rend-spec-v3 §2.5.1.2): the selected
 * service's authorized clients, then add one (a name, then a yes/no question) or remove one (a
 * name, then a yes/no question). The files are the hook's work ({@link ConsoleHooks.ClientAuthorization},
 * the same code as {@code onionbalance client-auth}); once it is done the console asks the engine
 * to re-read config.yaml ({@code Reload}), which republishes at once because the clients changed:
 * a removed client's next descriptor fetch no longer opens.
 */
final class ClientDialogs {
    /** Names shown in the list box before "and N more". */
    private static final int NAMES_SHOWN = 24;

    private final BalancerControl control;
    private final ConsoleHooks hooks;
    private final UiState ui;
    private final Executor consoleThread;

    ClientDialogs(BalancerControl control, ConsoleHooks hooks, UiState ui, Executor consoleThread) {
        this.control = control;
        this.hooks = hooks;
        this.ui = ui;
        this.consoleThread = consoleThread;
    }

    boolean available() {
        return hooks.clientAuthorization().isPresent();
    }

    /** {@code c}: reads the clients of the service under the cursor, then shows them with the choices. */
    void open(EngineSnapshot snapshot) {
        Optional<ConsoleHooks.ClientAuthorization> hook = hooks.clientAuthorization();
        if (hook.isEmpty()) {
            ui.say("c: client authorization is not available here", Style.WARN);
            return;
        }
        Optional<ServiceStatus> s = Rows.service(snapshot, ui.cursor);
        if (s.isEmpty()) {
            ui.say("no service to show the clients of", Style.WARN);
            return;
        }
        OnionAddress master = s.get().masterAddress();
        ui.say("reading the authorized clients of " + Text.address(master, 24) + "...");
        run(() -> hook.get().clients(master), clients -> ui.overlay = Optional.of(listBox(hook.get(), clients)),
                "reading the clients of " + Text.address(master, 24));
    }

    private Overlay listBox(ConsoleHooks.ClientAuthorization hook, ConsoleHooks.ServiceClients c) {
        List<String> lines = new ArrayList<>();
        if (c.restricted()) {
            lines.add("Restricted: only these " + c.names().size() + " client" + (c.names().size() == 1 ? "" : "s")
                    + " can open its descriptor (" + c.source() + "):");
            List<String> shown = c.names().subList(0, Math.min(NAMES_SHOWN, c.names().size()));
            lines.add("  " + String.join(", ", shown) + (c.names().size() > shown.size()
                    ? " and " + (c.names().size() - shown.size()) + " more (onionbalance client-auth list)" : ""));
        } else {
            lines.add("Public: anyone who knows the address can open its descriptor.");
            lines.add("Adding a client restricts it to the clients added.");
        }
        List<Overlay.Option> options = new ArrayList<>();
        options.add(new Overlay.Option('a', "add a client: a new key pair (asks first)", () -> {
            if (c.cannotAdd().isPresent()) {
                ui.say(c.cannotAdd().get(), Style.WARN);
            } else {
                ui.overlay = Optional.of(addPrompt(hook, c));
            }
        }));
        if (c.restricted()) {
            options.add(new Overlay.Option('d', "remove a client: it loses access at its next fetch (asks first)", () -> {
                if (c.cannotRemove().isPresent()) {
                    ui.say(c.cannotRemove().get(), Style.WARN);
                } else {
                    ui.overlay = Optional.of(removePrompt(hook, c));
                }
            }));
        }
        return new Overlay.Choice("authorized clients of " + Text.address(c.service(), 24), lines, options);
    }

    private Overlay.Prompt addPrompt(ConsoleHooks.ClientAuthorization hook, ConsoleHooks.ServiceClients c) {
        OnionAddress master = c.service();
        return new Overlay.Prompt("add a client to " + Text.address(master, 24),
                "A name for the new client (its files are named after it):", name -> {
                    try {
                        ClientAuthFiles.checkName(name);
                    } catch (IllegalArgumentException e) {
                        return new Overlay.PromptResult.Refused(e.getMessage());
                    }
                    if (c.names().contains(name)) {
                        return new Overlay.PromptResult.Refused("the service already has a client named " + name);
                    }
                    List<String> question = new ArrayList<>(List.of(
                            "Add client " + name + " to " + Text.address(master, 40) + "?",
                            "A new key pair: " + name + ".auth for the service, and the client's "
                                    + ".auth_private file to give to that client only."));
                    if (!c.restricted()) {
                        question.add("The service turns restricted: from its next descriptor on, only clients "
                                + "with a key can open it; everyone else gets \"missing client authorization\".");
                    }
                    question.add("Both descriptors are republished at once.");
                    return new Overlay.PromptResult.Then(new Overlay.Confirm("add client", question, () -> add(hook, master, name)));
                });
    }

    private void add(ConsoleHooks.ClientAuthorization hook, OnionAddress master, String name) {
        ui.say("adding client " + name + " to " + Text.address(master, 24) + "...");
        run(() -> hook.add(master, name), added -> {
            control.submit(new EngineCommand.Reload());
            ui.say("client " + added.name() + " added; republishing. Its key: " + added.privateFile(), Style.OK);
            ui.overlay = Optional.of(new Overlay.Notice("client " + added.name() + " added", List.of(
                    "Client " + added.name() + " of " + master.withOnionSuffix() + " can open its descriptors from the "
                            + "republish that starts now.",
                    "Give the client this file, and nobody else (it is its secret key):",
                    added.privateFile().toString(),
                    "It goes into the folder the client's torrc names as ClientOnionAuthDir (Tor Browser: paste "
                            + "the key part at its onion site authentication prompt).",
                    "The service's side: " + added.authFile())));
        }, "adding client " + name);
    }

    private Overlay.Prompt removePrompt(ConsoleHooks.ClientAuthorization hook, ConsoleHooks.ServiceClients c) {
        OnionAddress master = c.service();
        return new Overlay.Prompt("remove a client of " + Text.address(master, 24),
                "The client to remove (" + String.join(", ", c.names().subList(0, Math.min(NAMES_SHOWN, c.names().size())))
                        + (c.names().size() > NAMES_SHOWN ? ", ..." : "") + "):", name -> {
                    if (!c.names().contains(name)) {
                        return new Overlay.PromptResult.Refused("no client named '" + Text.clip(name, 64)
                                + "'; type one of the names above");
                    }
                    return new Overlay.PromptResult.Then(new Overlay.Confirm("remove client", List.of(
                            "Remove client " + name + " of " + Text.address(master, 40) + "?",
                            "Its .auth file is deleted and both descriptors are republished at once: its next "
                                    + "descriptor fetch no longer opens (a copy it already holds works until it expires)."),
                            () -> remove(hook, master, name)));
                });
    }

    private void remove(ConsoleHooks.ClientAuthorization hook, OnionAddress master, String name) {
        ui.say("removing client " + name + " of " + Text.address(master, 24) + "...");
        run(() -> hook.remove(master, name), line -> {
            control.submit(new EngineCommand.Reload());
            ui.say(line, Style.OK);
        }, "removing client " + name);
    }

    /** Starts the hook's work; its result (or error) is handled on the console thread. */
    private <T> void run(Supplier<CompletionStage<T>> start, Consumer<T> done, String what) {
        try {
            start.get().whenComplete((value, err) -> consoleThread.execute(() -> {
                if (err == null) {
                    done.accept(value);
                } else {
                    // The reason names files and the fix: too long for the status line, so also in a box.
                    String why = String.valueOf(cause(err).getMessage());
                    ui.say(what + " failed: " + why, Style.BAD);
                    ui.overlay = Optional.of(new Overlay.Notice(what + " failed", List.of(why)));
                }
            }));
        } catch (RuntimeException e) {
            ui.say(what + " failed: " + e.getMessage(), Style.BAD);
        }
    }

    private static Throwable cause(Throwable err) {
        return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    }
}
