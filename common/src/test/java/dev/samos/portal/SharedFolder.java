package dev.samos.portal;

import dev.samos.examples.MyLongRunningFunction;
import java.nio.file.Path;

/** Main class of the child JVMs of {@link SharedFolderTest}: one call on a shared portal folder, result printed. */
public final class SharedFolder {

    public static void main(String[] args) {
        try (Portal portal = Portal.local(Path.of(args[0]))) {
            Object result = portal.pure(MyLongRunningFunction.class)
                    .call("a", Double.parseDouble(args[1]), "b", Double.parseDouble(args[2]), "sleepMillis", 1500);
            System.out.println("RESULT " + result);
        }
    }
}
