package dev.samos.portalservice.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * One of the index's scripts: the shared prelude followed by its body, run by EVALSHA. Redis forgets scripts on
 * restart, fail-over or {@code SCRIPT FLUSH}; a NOSCRIPT answer is followed by one EVAL, which runs the script and
 * caches it again, so callers never load scripts themselves.
 */
final class LuaScript {

    private static final String DIRECTORY = "/dev/samos/portalservice/index/";
    private static final String PRELUDE = text("prelude");

    private final String name;
    private final byte[] source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1(this.source);
    }

    /** The script {@code name}.lua beside this class, with the prelude in front. */
    static LuaScript load(String name) {
        return new LuaScript(name, PRELUDE + "\n" + text(name));
    }

    <T> T run(RedisConnection connection, ReturnType returns, byte[]... arguments) {
        try {
            return connection.scriptingCommands().evalSha(sha, returns, 0, arguments);
        } catch (DataAccessException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            return connection.scriptingCommands().eval(source, returns, 0, arguments);
        }
    }

    String name() {
        return name;
    }

    private static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static String text(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(DIRECTORY + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("script " + name + ".lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
