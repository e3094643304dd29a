package io.github.logtoreactive.webflux;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class SameOriginCheckTests {

	private static final String APP = "http://localhost:8080";

	@Test
	void isSameOriginWhenOriginMatchesThenAllowed() {
		assertThat(SameOriginCheck.isSameOrigin(
				MockServerHttpRequest.post("/logto/sign-out").header("Origin", "http://localhost:8080").build(), APP))
			.isTrue();
	}

	@Test
	void isSameOriginWhenOriginIsAnotherSiteThenRefused() {
		assertThat(SameOriginCheck.isSameOrigin(
				MockServerHttpRequest.post("/logto/sign-out").header("Origin", "https://evil.example").build(), APP))
			.isFalse();
		assertThat(SameOriginCheck.isSameOrigin(
				MockServerHttpRequest.post("/logto/sign-out").header("Origin", "http://localhost:9090").build(), APP))
			.isFalse();
		assertThat(SameOriginCheck.isSameOrigin(
				MockServerHttpRequest.post("/logto/sign-out").header("Origin", "null").build(), APP))
			.isFalse();
	}

	@Test
	void isSameOriginWhenOnlyRefererThenItsOriginDecides() {
		assertThat(SameOriginCheck.isSameOrigin(MockServerHttpRequest.post("/logto/sign-out")
			.header("Referer", "http://localhost:8080/account?x=1")
			.build(), APP)).isTrue();
		assertThat(SameOriginCheck.isSameOrigin(
				MockServerHttpRequest.post("/logto/sign-out").header("Referer", "https://evil.example/page").build(),
				APP))
			.isFalse();
	}

	@Test
	void isSameOriginWhenOriginNullFromANoReferrerPageThenFetchMetadataDecides() {
		assertThat(SameOriginCheck.isSameOrigin(MockServerHttpRequest.post("/logto/sign-out")
			.header("Origin", "null").header("Sec-Fetch-Site", "same-origin").build(), APP)).isTrue();
		assertThat(SameOriginCheck.isSameOrigin(MockServerHttpRequest.post("/logto/sign-out")
			.header("Origin", "null").header("Sec-Fetch-Site", "same-site").build(), APP)).isFalse();
		assertThat(SameOriginCheck.isSameOrigin(MockServerHttpRequest.post("/logto/sign-out")
			.header("Origin", "null").header("Sec-Fetch-Site", "cross-site").build(), APP)).isFalse();
	}

	@Test
	void isSameOriginWhenFetchMetadataSaysCrossSiteThenRefused() {
		assertThat(SameOriginCheck.isSameOrigin(
				MockServerHttpRequest.post("/logto/sign-out").header("Sec-Fetch-Site", "cross-site").build(), APP))
			.isFalse();
	}

	@Test
	void isSameOriginWhenNoBrowserHeadersThenAllowed() {
		assertThat(SameOriginCheck.isSameOrigin(MockServerHttpRequest.post("/logto/sign-out").build(), APP)).isTrue();
	}

	@Test
	void normalizeWhenDefaultPortOrUpperCaseThenDropped() {
		assertThat(SameOriginCheck.normalize("HTTPS://App.Example:443/x")).isEqualTo("https://app.example");
		assertThat(SameOriginCheck.normalize("http://localhost:8080/")).isEqualTo("http://localhost:8080");
		assertThat(SameOriginCheck.normalize("not a url")).isEmpty();
	}
}
