package io.github.logtoreactive.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's guide shows whole files only: every Java and YAML block of the Quick start's guide sections and of
 * "Testing your app" names the file it is (its first line), so {@link ReadmeApplicationTests} builds and runs every one
 * of them; and each Java file sits where its package and class say, as a copy into a project needs.
 */
class ReadmeFilesTests {

	/** The Quick start's sections that follow Logto's guide; the others (Spring Security, ...) are reference. */
	private static final Set<String> GUIDE = Set.of("Prerequisites", "Integration", "Fetch user information",
			"API resources", "Organization tokens", "Streaming responses");

	private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);$");

	private static final Pattern TOP_LEVEL_TYPE = Pattern
		.compile("(?m)^(?:public |final |abstract )*(?:class|interface|record|enum) (\\w+)");

	private final Readme readme = Readme.load();

	@Test
	void everyJavaAndYamlBlockOfTheGuideAndOfTestingYourAppIsAFileOfTheApplication() {
		List<Readme.Block> guide = this.readme.blocks()
			.stream()
			.filter(block -> block.language().equals("java") || block.language().equals("yaml"))
			.filter(block -> (block.section().equals("Quick start (Spring WebFlux)") && GUIDE.contains(block.subsection()))
					|| block.section().equals("Testing your app"))
			.toList();

		assertThat(guide).as("the guide's Java and YAML blocks").hasSizeGreaterThanOrEqualTo(10);
		assertThat(guide).allSatisfy(block -> assertThat(block.path())
			.as("%s starts with the path of its file, e.g. // src/main/java/com/example/shop/X.java", block.where())
			.isNotNull());
	}

	@Test
	void theApplicationHasItsConfigurationAMainClassTestsAndALocalRun() {
		List<String> paths = this.readme.files().stream().map(Readme.Block::path).toList();

		assertThat(paths).doesNotHaveDuplicates()
			.contains("src/main/resources/application.yml")
			.anyMatch(path -> path.startsWith("src/main/java/"))
			.anyMatch(path -> path.startsWith("src/test/java/"));
		assertThat(this.readme.files())
			.anyMatch(block -> block.text().contains("@SpringBootApplication"))
			.anyMatch(block -> block.text().contains("@AutoConfigureLogtoTestServer"))
			.anyMatch(block -> block.text().contains("mockLogtoUser("))
			.anyMatch(block -> block.text().contains(".with(LogtoDevServer.class)"));
	}

	@Test
	void everyJavaFileSitsWhereItsPackageAndClassSay() {
		List<Readme.Block> java = this.readme.files().stream().filter(block -> block.path().endsWith(".java")).toList();

		assertThat(java).isNotEmpty().allSatisfy(block -> {
			Matcher packageName = PACKAGE.matcher(block.text());
			Matcher type = TOP_LEVEL_TYPE.matcher(block.text());
			assertThat(packageName.find()).as("%s declares its package", block.where()).isTrue();
			assertThat(type.find()).as("%s declares a class", block.where()).isTrue();
			String root = block.path().startsWith("src/main/java/") ? "src/main/java/" : "src/test/java/";
			assertThat(block.path()).as("the path of %s", block.where())
				.isEqualTo(root + packageName.group(1).replace('.', '/') + "/" + type.group(1) + ".java");
		});
	}
}
