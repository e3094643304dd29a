package io.github.logtoreactive.benchmarks.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server under test ({@link BenchApp}) in its own JVM on 127.0.0.1, with its output in
 * {@code benchmarks/target/bench-logs/<name>.log}. Every started process is stopped by {@link #close()}, by
 * {@link #stopAll()} and, as a last resort, by a JVM shutdown hook.
 */
final class AppProcess implements AutoCloseable {

	private static final List<AppProcess> RUNNING = new CopyOnWriteArrayList<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(AppProcess::stopAll, "stop-servers-under-test"));
	}

	/** Heap and GC of every server under test (same for all, so the comparison is fair). */
	static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC",
			"-Dlogback.configurationFile=logback-bench.xml");

	/** {@code utime} and {@code stime} among {@link #fieldsAfterName}, in clock ticks of 10 ms (USER_HZ = 100). */
	private static final int UTIME = 11;

	private static final int STIME = 12;

	private static final long NANOS_PER_TICK = 10_000_000L;

	final String name;

	final int port;

	private final Process process;

	private AppProcess(String name, int port, Process process) {
		this.name = name;
		this.port = port;
		this.process = process;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no free port", ex);
		}
	}

	/**
	 * @return the CPU time the server's process used so far, all its threads (GC and JIT included), in nanoseconds
	 */
	long cpuNanos() {
		return this.process.info().totalCpuDuration().orElseThrow(
				() -> new IllegalStateException("no CPU time for " + this.name)).toNanos();
	}

	/**
	 * @return the CPU time the server spent in the kernel (system time, {@code stime} of {@code /proc/<pid>/stat}), in
	 * nanoseconds; -1 where {@code /proc} is not there
	 */
	long kernelNanos() {
		try {
			String[] fields = fieldsAfterName(
					Files.readString(Path.of("/proc", Long.toString(this.process.pid()), "stat")));
			return Long.parseLong(fields[STIME]) * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * @return the CPU time (user and kernel) of the server's JIT compiler threads so far ({@code C1 CompilerThread*},
	 * {@code C2 CompilerThread*}, from {@code /proc/<pid>/task/<tid>/stat}), in nanoseconds; -1 where {@code /proc} is
	 * not there. Compiler threads that ended (HotSpot stops idle ones) are no longer counted, so only differences
	 * over a few seconds of load are meaningful.
	 */
	long compilerNanos() {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(this.process.pid()), "task"))) {
			long ticks = 0;
			for (Path task : tasks.toList()) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"));
				}
				catch (IOException ex) {
					continue; // the thread ended meanwhile
				}
				String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
					String[] fields = fieldsAfterName(stat);
					ticks += Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]);
				}
			}
			return ticks * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * @param stat a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line
	 * @return its fields after the command name, which is in parentheses and may hold spaces: {@code utime} (field 14
	 * of the whole line) is {@link #UTIME}, {@code stime} (field 15) {@link #STIME}
	 */
	private static String[] fieldsAfterName(String stat) {
		return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Starts {@link BenchApp} and waits until {@code GET /ping} answers.
	 * @param name a short name (log file)
	 * @param port the port
	 * @param properties Spring properties, {@code key=value}
	 * @return the running process
	 */
	static AppProcess start(String name, int port, List<String> properties) {
		return start(name, port, BenchApp.class, properties);
	}

	/**
	 * Starts a server's main class ({@link BenchApp}, or {@link NettyBenchApp} with the same arguments) and waits
	 * until {@code GET /ping} answers.
	 * @param name a short name (log file)
	 * @param port the port
	 * @param main the main class
	 * @param properties its properties, {@code key=value}
	 * @return the running process
	 */
	static AppProcess start(String name, int port, Class<?> main, List<String> properties) {
		Path logs = Path.of("benchmarks", "target", "bench-logs");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		// -Dbench.jvm-options="...": more options for every server, e.g. a perf map for `perf record`
		String more = System.getProperty("bench.jvm-options");
		if (more != null && !more.isBlank()) {
			command.addAll(List.of(more.trim().split("\\s+")));
		}
		// -Dbench.profile=DIR: a JFR recording (settings "profile") of each server, DIR/<name>.jfr, written at exit
		String profile = System.getProperty("bench.profile");
		if (profile != null && !profile.isBlank()) {
			command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
					+ Path.of(profile, name + ".jfr").toAbsolutePath());
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.add("--bench.base-url=http://127.0.0.1:" + port);
		command.add("--spring.main.banner-mode=off");
		command.add("--logging.config=classpath:logback-bench.xml");
		for (String property : System.getProperty("bench.app-properties", "").split(",")) {
			if (!property.isBlank()) {
				command.add("--" + property.trim());
			}
		}
		for (String property : properties) {
			command.add("--" + property);
		}
		try {
			Files.createDirectories(logs);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(logs.resolve(name + ".log").toFile())
				.start();
			AppProcess app = new AppProcess(name, port, process);
			RUNNING.add(app);
			app.awaitReady(Duration.ofSeconds(120));
			return app;
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start " + name, ex);
		}
	}

	private void awaitReady(Duration timeout) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ ", see benchmarks/target/bench-logs/" + this.name + ".log");
			}
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create(baseUrl() + "/ping")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
			Harness.sleep(Duration.ofMillis(200));
		}
		close();
		throw new IllegalStateException(this.name + " did not answer /ping within " + timeout);
	}

	@Override
	public void close() {
		RUNNING.remove(this);
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	static void stopAll() {
		for (AppProcess app : RUNNING) {
			app.close();
		}
	}
}
