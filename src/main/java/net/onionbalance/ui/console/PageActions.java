package net.onionbalance.ui.console;

import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.engine.snapshot.ServiceStatus;

import java.util.List;
import java.util.Optional;

/**
 * The actions the main page and the detail page both bind (republish, fetch, log level, help,
 * quit, wizard, the instance and the client dialogs): each page's key table says which keys reach them.
 */
final class PageActions {
    private final BalancerControl control;
    private final ConsoleHooks hooks;
    private final UiState ui;
    private final Runnable quit;
    final InstanceDialogs dialogs;
    final ClientDialogs clients;

    /** @param quit ends the console loop ({@code q} confirmed) */
    PageActions(BalancerControl control, ConsoleHooks hooks, UiState ui, InstanceDialogs dialogs, ClientDialogs clients,
                Runnable quit) {
        this.control = control;
        this.hooks = hooks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.clients = clients;
        this.quit = quit;
    }

    boolean canRotate() {
        return hooks.bundleRotation().isPresent();
    }

    boolean hasWizard() {
        return hooks.wizard().isPresent();
    }

    void republish(EngineSnapshot snapshot) {
        Optional<ServiceStatus> s = Rows.service(snapshot, ui.cursor);
        if (s.isEmpty()) {
            ui.say("no service to republish", Style.WARN);
            return;
        }
        control.submit(new EngineCommand.ForceRepublish(Optional.of(s.get().masterAddress())));
        ui.say("asked the engine to republish " + Text.address(s.get().masterAddress(), 30), Style.OK);
    }

    void republishAll() {
        control.submit(new EngineCommand.ForceRepublish(Optional.empty()));
        ui.say("asked the engine to republish every service", Style.OK);
    }

    void fetchNow() {
        control.submit(new EngineCommand.FetchNow());
        ui.say("asked the engine to fetch every instance's descriptor", Style.OK);
    }

    void nextLogLevel() {
        ui.logFilter = ui.logFilter.next();
        ui.logScroll = 0;
        ui.say("log pane shows " + ui.logFilter.label() + " and above");
    }

    void nextStateFilter() {
        ui.filter = ui.filter.nextState();
        sayFilter();
    }

    void nextGroupFilter(EngineSnapshot snapshot) {
        InstanceFilter next = ui.filter.nextGroup(snapshot);
        if (next.equals(ui.filter) && ui.filter.group().isEmpty()) {
            ui.say("g: no service has distinct descriptors now (one descriptor per slot holds every backend)", Style.WARN);
            return;
        }
        ui.filter = next;
        sayFilter();
    }

    private void sayFilter() {
        ui.detailScroll = 0;
        ui.say("instances shown: " + ui.filter.label() + (ui.filter.isAll() ? "" : " (s: by state, g: by descriptor)"));
    }

    void help() {
        ui.overlay = Optional.of(new Overlay.Help());
    }

    void askQuit() {
        ui.overlay = Optional.of(new Overlay.Confirm("quit",
                List.of("Quit onionbalance? The balancer stops and", "descriptors are no longer republished."), quit));
    }

    void wizard() {
        Optional<ConsoleHooks.Wizard> w = hooks.wizard();
        if (w.isEmpty()) {
            ui.say("w: the setup wizard is not available yet", Style.WARN);
            return;
        }
        ui.page = w.get().open(control);
    }
}
