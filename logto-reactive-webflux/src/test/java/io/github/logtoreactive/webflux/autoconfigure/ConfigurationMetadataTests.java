package io.github.logtoreactive.webflux.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs complete {@code logto.*} from (the processor's output merged with
 * {@code additional-spring-configuration-metadata.json}), against the keys users are told to set.
 */
class ConfigurationMetadataTests {

	private static String metadata() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("META-INF/spring-configuration-metadata.json on the classpath").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void metadataWhenBuiltThenDescribesTheCookieSecretEveryErrorMessageNames() throws IOException {
		List<Map<String, Object>> secret = JsonPath.read(metadata(), "$.properties[?(@.name == 'logto.cookie.secret')]");

		assertThat(secret).singleElement().satisfies((property) -> {
			assertThat(property).containsEntry("type", "java.lang.String");
			assertThat((String) property.get("description")).contains("32 random bytes");
		});
	}

	@Test
	void metadataWhenBuiltThenHasEveryPropertyOfTheReadmeTableAndNoOther() throws IOException {
		List<String> names = JsonPath.read(metadata(), "$.properties[*].name");
		String readme = Files.readString(Path.of("..", "README.md"));
		String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## How it compares"));
		TreeSet<String> documented = new TreeSet<>();
		Matcher row = Pattern.compile("(?m)^\\| `(logto\\.[a-z0-9.-]+)(?:\\[i\\])?[^|]*\\|").matcher(table);
		while (row.find()) {
			documented.add(row.group(1));
		}

		assertThat(documented).hasSizeGreaterThan(30);
		assertThat(new TreeSet<>(names)).isEqualTo(documented);
	}
}
