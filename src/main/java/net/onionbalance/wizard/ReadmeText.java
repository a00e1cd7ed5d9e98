package net.onionbalance.wizard;

import net.onionbalance.wizard.DeploymentPlan.PlannedService;

/** README.txt of a deployment: which file goes where, with which owner and mode. */
public final class ReadmeText {
    private ReadmeText() {}

    public static String render(DeploymentPlan plan) {
        StringBuilder b = new StringBuilder();
        b.append("""
                onionbalance deployment
                =======================

                This folder holds everything for one onionbalance host (obhost) and its backend
                hosts (torhosts). Keep it private: it contains secret keys (mode 0600, folders 0700).

                ON THE ONIONBALANCE HOST
                ------------------------
                  config.yaml and the master key file(s) <address>.key go together into one folder,
                  e.g. /etc/onionbalance/, readable only by the user onionbalance runs as:
                      install -d -m 0700 -o onionbalance /etc/onionbalance
                      install -m 0600 -o onionbalance config.yaml *.key /etc/onionbalance/
                  (config.yaml names each key relative to its own folder.) Then run
                      onionbalance -c /etc/onionbalance/config.yaml
                  against a tor with a control port (ControlPort 9051 or ControlSocket).

                """);
        boolean backendKeys = plan.bundles().stream().anyMatch(i -> i.balancerClientKey().isPresent());
        boolean clients = plan.services().stream().anyMatch(s -> !s.clients().isEmpty());
        if (backendKeys || clients) {
            String dirs = (backendKeys ? DeploymentPlan.BACKEND_KEYS_DIR + " " : "") + (clients ? ClientAuthorizations.DEFAULT_FOLDER_PARENT : "");
            b.append("  config.yaml also names the folder(s) ").append(dirs.strip()).append(": copy them beside it,\n")
                    .append("  keeping their modes (folders 0700, files 0600):\n")
                    .append("      cp -rp ").append(dirs.strip()).append(" /etc/onionbalance/ && chown -R onionbalance /etc/onionbalance\n");
            if (backendKeys) {
                b.append("  ").append(DeploymentPlan.BACKEND_KEYS_DIR).append("/ holds the balancer's client key for each backend: each backend's\n")
                        .append("  descriptor is restricted to the balancer (its authorized_clients/balancer.auth).\n");
            }
            if (clients) {
                b.append("  ").append(ClientAuthorizations.DEFAULT_FOLDER_PARENT).append("/<master>/ lists the clients allowed to open a master descriptor\n")
                        .append("  (one <name>.auth each); onionbalance client-auth add|list|remove edits it.\n");
            }
            b.append('\n');
        }
        for (PlannedService s : plan.services()) {
            b.append("  Service #").append(s.number()).append(": ").append(s.master().withOnionSuffix())
                    .append("  (key ").append(s.keyFileName())
                    .append(s.importedFrom().map(p -> ", copied from " + p).orElse(", new PKCS#8 PEM key")).append(")\n");
            for (InstanceBundle i : s.instances()) {
                b.append("    ").append(i.bundleName()).append("/  backend ").append(i.instanceName()).append("  ")
                        .append(i.address().withOnionSuffix()).append('\n');
            }
            if (s.introPointsPerInstance() != Answers.INTRO_POINTS_PER_INSTANCE) {
                b.append("    config.yaml takes ").append(s.introPointsPerInstance()).append(" intro point(s) from each backend ")
                        .append("(intro-points-per-instance), so that all ").append(s.instances().size()).append(" reach clients.\n");
            }
            for (String l : s.visitorNotes()) {
                b.append("    ").append(l).append('\n');
            }
        }
        if (plan.services().stream().anyMatch(s -> s.clients().stream().anyMatch(c -> c.privateKey().isPresent()))) {
            b.append("""

                    FOR EACH AUTHORIZED CLIENT
                    --------------------------
                      client-keys/<name>/<master>.auth_private is that client's secret key: give it to
                      that client only (then delete it here; it is not needed on the onionbalance host).
                      It goes into the folder the client's torrc names as ClientOnionAuthDir (mode 0700,
                      the file 0600), or Tor Browser takes the key part at its onion site authentication
                      prompt. Without a key a client gets "missing client authorization".
                    """);
        }
        b.append("""

                ON EACH BACKEND HOST (tor 0.4.4 or newer)
                -----------------------------------------
                  Each srvN/ folder is one backend. Copy it to its host (e.g. with scp -r), then, as root:

                  1. The key folder srvN/onionbalance-srvN/ becomes the HiddenServiceDir named in
                     srvN/instance_torrc (by default under /var/lib/tor). It must belong to the user
                     tor runs as (Debian: debian-tor), folder mode 0700, files 0600:
                         cp -r srvN/onionbalance-srvN /var/lib/tor/
                         chown -R debian-tor:debian-tor /var/lib/tor/onionbalance-srvN
                         find /var/lib/tor/onionbalance-srvN -type d -exec chmod 0700 {} +
                         find /var/lib/tor/onionbalance-srvN -type f -exec chmod 0600 {} +
                     It holds hs_ed25519_secret_key, hs_ed25519_public_key and hostname (tor's own
                     files, so tor uses this backend's key as is) and ob_config, which tells tor the
                     master address ("MasterOnionAddress <master>.onion"); in a backend restricted to
                     the balancer also authorized_clients/balancer.auth, which tor reads at start.

                  2. srvN/instance_torrc holds the torrc lines: HiddenServiceDir, HiddenServicePort
                     and HiddenServiceOnionbalanceInstance 1. Append them to /etc/tor/torrc, or copy
                     the file to /etc/tor/ (owner root, mode 0644) and add the line
                         %include /etc/tor/instance_torrc
                     to /etc/tor/torrc. Then: systemctl reload tor
                     tor logs "Onionbalance: MasterOnionAddress <master>.onion registered".

                  Without ob_config and HiddenServiceOnionbalanceInstance, clients reaching the
                  backend through the master fail with "Could not get valid INTRO2 keys".

                ROTATING A BACKEND'S KEY
                ------------------------
                  onionbalance bundle rotate --instance <name> -c config.yaml
                  writes a new bundle srvN.v2/ next to srvN/ and lists the new address in config.yaml
                  beside the old one. Install srvN.v2 on the same host as srvN (both run side by side);
                  once onionbalance has seen the new backend's descriptor it drops the old address
                  from config.yaml, and you can remove the old HiddenServiceDir and its torrc lines.
                """);
        return b.toString();
    }
}
