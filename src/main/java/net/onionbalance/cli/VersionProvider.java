package net.onionbalance.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints "onionbalance X.Y.Z" like the Python tool, plus what runs it. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = RootCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "onionbalance " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
