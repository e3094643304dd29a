package io.github.logtoreactive.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedirectTargetsTests {

	@ParameterizedTest
	@ValueSource(strings = { "/", "/dashboard", "/a/b?x=1&y=2#frag", "/search?q=a%20b", "/path/with%2Dencoded" })
	void sanitizeWhenSameOriginRelativePathThenAccepted(String target) {
		assertThat(RedirectTargets.sanitize(target)).isEqualTo(target);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example/", "http://evil.example", "//evil.example", "/\\evil.example",
			"\\\\evil.example", "%2F%2Fevil.example", "/%2Fevil.example", "/%5Cevil.example", "%252F%252Fevil.example",
			"/%252F%252Fevil.example", "javascript:alert(1)", "evil.example", "", " /x", "/\tx", "/%09/evil.example",
			"/%0d%0aSet-Cookie:x=1", "data:text/html,hi", "///evil.example", "/\u0000x" })
	void sanitizeWhenAbsoluteOrSchemeRelativeOrEncodedThenRejected(String target) {
		assertThat(RedirectTargets.sanitize(target)).isNull();
	}

	@Test
	void sanitizeWhenTargetHasAtMost2048Utf8BytesThenAcceptedWhateverItsCharacters() {
		assertThat(RedirectTargets.sanitize("/" + "a".repeat(2047))).isNotNull();
		assertThat(RedirectTargets.sanitize("/" + "\u00e9".repeat(1023))).isNotNull();
		assertThat(RedirectTargets.sanitize("/" + "\u4e2d".repeat(682))).isNotNull();
		assertThat(RedirectTargets.sanitize("/" + "\ud83c\udf00".repeat(511))).isNotNull();
	}

	@Test
	void sanitizeWhenTargetHasMoreThan2048Utf8BytesThenRejectedSoItsTransactionCookieFitsTheBrowser() {
		assertThat(RedirectTargets.sanitize("/" + "a".repeat(2048))).isNull();
		assertThat(RedirectTargets.sanitize("/" + "\u00e9".repeat(1024))).isNull();
		// 683 characters but 2,050 bytes: a random target of this kind made a transaction cookie past 4,096 bytes
		assertThat(RedirectTargets.sanitize("/" + "\u4e2d".repeat(683))).isNull();
		assertThat(RedirectTargets.sanitize("/" + "\ud83c\udf00".repeat(512))).isNull();
	}
}
