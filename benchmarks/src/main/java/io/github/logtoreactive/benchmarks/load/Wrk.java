package io.github.logtoreactive.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (a separate process) against one URL and parses its {@code --latency} report. */
final class Wrk {

	private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern TOTAL = Pattern.compile("([0-9]+) requests in");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

	private Wrk() {
	}

	record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long errors) {
	}

	static Result run(String url, String cookie, int threads, int connections, int seconds) {
		List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
				"--latency", "--timeout", "5s"));
		if (cookie != null) {
			command.add("-H");
			command.add("Cookie: " + cookie);
		}
		command.add(url);
		String out;
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] bytes = process.getInputStream().readAllBytes();
			if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("wrk did not finish");
			}
			out = new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run wrk (apt-get install wrk)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		Matcher rps = RPS.matcher(out);
		if (!rps.find()) {
			throw new IllegalStateException("unexpected wrk output:\n" + out);
		}
		Matcher total = TOTAL.matcher(out);
		long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
		long errors = 0;
		Matcher non2xx = NON_2XX.matcher(out);
		if (non2xx.find()) {
			errors += Long.parseLong(non2xx.group(1));
		}
		Matcher socket = SOCKET_ERRORS.matcher(out);
		if (socket.find()) {
			for (int i = 1; i <= 4; i++) {
				errors += Long.parseLong(socket.group(i));
			}
		}
		return new Result(Double.parseDouble(rps.group(1)), percentile(out, "50%"), percentile(out, "99%"), requests,
				errors);
	}

	private static double percentile(String out, String label) {
		Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
		if (!m.find()) {
			throw new IllegalStateException("no " + label + " latency in wrk output:\n" + out);
		}
		double value = Double.parseDouble(m.group(1));
		return switch (m.group(2)) {
			case "us" -> value / 1000;
			case "s" -> value * 1000;
			default -> value;
		};
	}
}
