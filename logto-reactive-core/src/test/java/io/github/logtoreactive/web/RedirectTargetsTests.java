package io.github.logtoreactive.web;

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
}
