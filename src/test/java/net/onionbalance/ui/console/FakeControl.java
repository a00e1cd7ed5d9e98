package net.onionbalance.ui.console;

import net.onionbalance.engine.BalancerControl;
import net.onionbalance.engine.EngineCommand;
import net.onionbalance.engine.snapshot.EngineSnapshot;
import net.onionbalance.logging.LogLine;
import net.onionbalance.logging.RecentLog;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;

/** The engine boundary for tests: a settable snapshot, a real RecentLog, and the commands submitted. */
public class FakeControl implements BalancerControl {
    volatile EngineSnapshot snapshot;
    public final RecentLog log = new RecentLog(500);
    public final List<EngineCommand> submitted = new ArrayList<>();

    public FakeControl(EngineSnapshot snapshot, List<LogLine> lines) {
        this.snapshot = snapshot;
        for (LogLine l : lines) {
            LogRecord r = new LogRecord(l.level(), l.message());
            r.setInstant(l.at());
            log.publish(r);
        }
    }

    @Override
    public EngineSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public RecentLog recentLog() {
        return log;
    }

    @Override
    public void submit(EngineCommand command) {
        submitted.add(command);
    }
}
