import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the mutation score per package from PIT's mutations.xml (bin/mutation runs it with the JDK's single-file
 * launcher, so it needs nothing but the JDK). Detected means killed, timed out, memory error or run error, as PIT counts
 * them; a mutant no test reaches counts as not detected.
 */
public final class MutationScores {

	private static final Pattern MUTATION = Pattern.compile(
			"<mutation [^>]*status='([A-Z_]+)'[^>]*>.*?<mutatedClass>([^<]+)</mutatedClass>", Pattern.DOTALL);

	public static void main(String[] args) throws Exception {
		String xml = Files.readString(Path.of(args[0]));
		Map<String, int[]> byPackage = new TreeMap<>();
		Matcher m = MUTATION.matcher(xml);
		while (m.find()) {
			String status = m.group(1);
			String type = m.group(2);
			int dollar = type.indexOf('$');
			String outer = dollar < 0 ? type : type.substring(0, dollar);
			String pkg = outer.substring(0, outer.lastIndexOf('.')).replace("io.github.logtoreactive", "(core)");
			int[] counts = byPackage.computeIfAbsent(pkg, p -> new int[4]);
			counts[0]++;
			switch (status) {
				case "KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR" -> counts[1]++;
				case "SURVIVED" -> counts[2]++;
				case "NO_COVERAGE" -> counts[3]++;
				default -> { }
			}
		}
		int[] total = new int[4];
		System.out.printf("| %-32s | %7s | %6s | %8s | %11s | %5s |%n", "package", "mutants", "killed", "survived",
				"no coverage", "score");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
		for (Map.Entry<String, int[]> e : byPackage.entrySet()) {
			print(e.getKey(), e.getValue());
			for (int i = 0; i < 4; i++) {
				total[i] += e.getValue()[i];
			}
		}
		print("all of the above", total);
	}

	private static void print(String name, int[] c) {
		System.out.printf("| %-32s | %7d | %6d | %8d | %11d | %4d%% |%n", name, c[0], c[1], c[2], c[3],
				c[0] == 0 ? 0 : Math.round(100.0 * c[1] / c[0]));
	}
}
