package io.github.logtoreactive.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * The commands a Redis server runs, as its {@code MONITOR} shows them (command and arguments, without quotes), read
 * on a plain socket. Test code only: it blocks the JUnit thread while reading.
 */
final class RedisMonitor implements AutoCloseable {

	private final Socket socket;

	private final BufferedReader replies;

	private RedisMonitor(Socket socket) throws IOException {
		this.socket = socket;
		this.socket.setSoTimeout(30_000);
		this.replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		OutputStream out = socket.getOutputStream();
		out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		String ok = this.replies.readLine();
		if (!"+OK".equals(ok)) {
			throw new IllegalStateException("MONITOR answered " + ok);
		}
	}

	/**
	 * @param port the server's port on 127.0.0.1
	 * @return a monitor of every command run from now on
	 */
	static RedisMonitor on(int port) {
		try {
			return new RedisMonitor(new Socket("127.0.0.1", port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param inspector a connection that sends a marker ({@code ECHO}) after every command to show
	 * @return the commands run since the monitor started (or since the last call), in order, such as
	 * {@code "HGET logto:session:abc v"}
	 */
	List<String> commandsSoFar(RedisCommands<String, byte[]> inspector) {
		String marker = "end-" + UUID.randomUUID();
		inspector.echo(marker.getBytes(StandardCharsets.US_ASCII));
		List<String> commands = new ArrayList<>();
		try {
			for (String line = this.replies.readLine(); line != null; line = this.replies.readLine()) {
				String command = line.substring(line.indexOf("] ") + 3, line.length() - 1).replace("\" \"", " ");
				if (command.equals("ECHO " + marker)) {
					return commands;
				}
				commands.add(command);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("MONITOR ended before the marker");
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}
}
