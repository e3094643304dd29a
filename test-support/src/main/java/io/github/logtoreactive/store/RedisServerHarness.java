package io.github.logtoreactive.store;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real {@code redis-server} on a free local port for a test class: no persistence, killable and restartable on
 * the same port mid-test. Fails (never skips) when {@code redis-server} is not installed. Test code only: it blocks
 * the calling (JUnit main) thread while starting and stopping.
 */
public final class RedisServerHarness implements AutoCloseable {

	private static final String BINARY = findBinary();

	private final int port;

	private Process process;

	private RedisServerHarness(int port) {
		this.port = port;
	}

	/**
	 * @return a running server on a free port
	 */
	public static RedisServerHarness start() {
		RedisServerHarness harness = new RedisServerHarness(freePort());
		harness.restart();
		return harness;
	}

	public int port() {
		return this.port;
	}

	public String uri() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Starts (again) on the same port and waits until it answers PING. */
	public void restart() {
		try {
			this.process = new ProcessBuilder(BINARY, "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--daemonize", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + BINARY, ex);
		}
		// redis-server answers within milliseconds on a quiet machine; a loaded CI machine gets room
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!answersPing()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + this.process.exitValue());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("redis-server did not answer PING on port " + this.port);
			}
			pause();
		}
	}

	/** Kills the server (SIGKILL, like a crash) and waits until the port is closed. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			kill();
		}
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int n = in.read(reply);
			return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void pause() {
		try {
			TimeUnit.MILLISECONDS.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String findBinary() {
		for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server",
				"/opt/homebrew/bin/redis-server")) {
			if (new File(candidate).canExecute()) {
				return candidate;
			}
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				File file = new File(dir, "redis-server");
				if (file.canExecute()) {
					return file.getPath();
				}
			}
		}
		throw new IllegalStateException("redis-server is not installed: the Redis session store tests need it. "
				+ "Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis); "
				+ "bin/test installs it on CI.");
	}
}
