package dev.samos.swarm;

import dev.samos.examples.MySquare;
import dev.samos.portal.LocalPortal;
import dev.samos.portal.PortalOptions;
import java.nio.file.Path;

/** Main class of a child JVM that swarms calls with no workers of its own, prints their addresses and exits. */
public final class SwarmRequester {

    public static void main(String[] args) {
        try (LocalPortal portal = LocalPortal.open(Path.of(args[0]), PortalOptions.defaults().withWorkers(0))) {
            for (int x = 1; x <= 3; x++) {
                System.out.println("ADDRESS " + portal.pure(MySquare.class).swarm("x", x));
            }
        }
    }
}
