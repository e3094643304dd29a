package io.github.logtoreactive;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.logtoreactive.support.LogtoExceptionSamples;
import io.github.logtoreactive.support.LogtoExceptionSamples.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.github.logtoreactive.support.LogtoExceptionSamples.INJECTED;
import static io.github.logtoreactive.support.LogtoExceptionSamples.RAW_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link LogtoHttpError}: every {@link LogtoException} subtype of the library has one status, its code, and a message
 * without secrets or foreign text, as the shared table {@link LogtoExceptionSamples} says.
 */
class LogtoHttpErrorTests {

	static List<Sample> samples() {
		return LogtoExceptionSamples.all();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void ofWhenFailureThenItsStatusCodeAndSafeMessage(Sample row) {
		LogtoHttpError error = LogtoHttpError.of(row.ex());
		assertThat(error.status()).isEqualTo(row.status());
		assertThat(error.code()).isEqualTo(row.ex().code());
		assertThat(error.message()).contains(row.message()).doesNotContain(RAW_TEXT).doesNotContain(INJECTED)
			.doesNotContain("<script>");
		assertThat(error.isServerError()).isEqualTo(row.status() >= 500);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void ofSignInCallbackWhenFailureThenSameAnswerExceptIdTokenRefusesTheSignIn(Sample row) {
		LogtoHttpError error = LogtoHttpError.ofSignInCallback(row.ex());
		assertThat(error.status()).isEqualTo(row.callbackStatus());
		assertThat(error.code()).isEqualTo(row.ex().code());
		assertThat(error.message()).contains(row.message()).doesNotContain(RAW_TEXT);
	}

	@Test
	void ofWhenSessionExpiredThenNotMappedAsTheTokenEndpointRefusalItExtends() {
		SessionExpiredException expired = new SessionExpiredException(400, null, null);
		assertThat(expired).isInstanceOf(TokenEndpointException.class);
		assertThat(LogtoHttpError.of(expired).status()).isEqualTo(401);
		assertThat(LogtoHttpError.of(expired).code()).isEqualTo("token_endpoint.invalid_grant");
	}

	@Test
	void subtypeDefinedOutsideTheLibraryThen500WithFixedMessage() {
		LogtoException own = new LogtoException("app.own_failure", "details " + RAW_TEXT, null) {
			private static final long serialVersionUID = 1L;
		};
		assertThat(LogtoHttpError.of(own)).isEqualTo(new LogtoHttpError(500, "app.own_failure", "The request failed."));
	}

	@Test
	void ofWhenAnyConcreteLogtoExceptionOfTheLibraryThenItHasARow() throws IOException, URISyntaxException {
		Set<String> covered = samples().stream().map(row -> row.ex().getClass().getName()).collect(Collectors.toSet());
		assertThat(libraryExceptionTypes()).isNotEmpty().allSatisfy(type -> assertThat(covered).contains(type));
	}

	@Test
	void constructorWhenNotAnErrorStatusThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LogtoHttpError(302, "x", "y"))
			.withMessageContaining("status");
	}

	/** The concrete {@link LogtoException} subtypes among the library's compiled classes. */
	private static Set<String> libraryExceptionTypes() throws IOException, URISyntaxException {
		Path classes = Path.of(LogtoException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Set<String> types = new TreeSet<>();
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
				String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
				name = name.substring(0, name.length() - ".class".length());
				Class<?> type;
				try {
					type = Class.forName(name, false, LogtoException.class.getClassLoader());
				}
				catch (ClassNotFoundException | LinkageError ex) {
					continue;
				}
				if (LogtoException.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
					types.add(type.getName());
				}
			}
		}
		return types;
	}
}
