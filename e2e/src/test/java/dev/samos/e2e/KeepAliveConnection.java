package dev.samos.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One blocking HTTP/1.1 keep-alive connection that POSTs JSON and reads the answer (Content-Length or chunked): a
 * latency probe whose own cost is a few microseconds, unlike the JDK's asynchronous HttpClient.
 */
final class KeepAliveConnection implements AutoCloseable {

    /** How long one read may wait for the gateway; an answer is milliseconds, a minute more means it is stuck. */
    private static final int READ_DEADLINE_MILLIS = 120_000;

    private final URI uri;
    private final String head;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    KeepAliveConnection(URI uri, String token) throws IOException {
        this.uri = uri;
        head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + token + "\r\n";
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_DEADLINE_MILLIS); // a gateway that stops answering fails the probe, not hangs it
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    String post(String json) throws IOException {
        try {
            return exchange(json);
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer from " + uri + " within " + READ_DEADLINE_MILLIS / 1000 + " s", e);
        }
    }

    private String exchange(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write((head + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("answered " + status);
        }
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase();
            closing |= lower.startsWith("connection:") && lower.contains("close");
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                answer.write(in.readNBytes(size));
                line();
            }
            line();
        } else {
            answer.write(in.readNBytes((int) length));
        }
        if (closing) { // the server ends the connection after this answer (its keep-alive limit): open another
            socket.close();
            connect();
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
