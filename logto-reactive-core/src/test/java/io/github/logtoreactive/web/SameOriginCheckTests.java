package io.github.logtoreactive.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SameOriginCheckTests {

	private static final String APP = "http://localhost:8080";

	/** A sign-out request carrying the given header names and values. */
	private static RouteRequest signOut(String... header) {
		return new TestRouteRequest("POST", APP + "/logto/sign-out").header(header);
	}

	@Test
	void isSameOriginWhenOriginMatchesThenAllowed() {
		assertThat(SameOriginCheck.isSameOrigin(signOut("Origin", "http://localhost:8080"), APP)).isTrue();
	}

	@Test
	void isSameOriginWhenOriginIsAnotherSiteThenRefused() {
		assertThat(SameOriginCheck.isSameOrigin(signOut("Origin", "https://evil.example"), APP)).isFalse();
		assertThat(SameOriginCheck.isSameOrigin(signOut("Origin", "http://localhost:9090"), APP)).isFalse();
		assertThat(SameOriginCheck.isSameOrigin(signOut("Origin", "null"), APP)).isFalse();
	}

	@Test
	void isSameOriginWhenOnlyRefererThenItsOriginDecides() {
		assertThat(SameOriginCheck.isSameOrigin(signOut("Referer", "http://localhost:8080/account?x=1"), APP))
			.isTrue();
		assertThat(SameOriginCheck.isSameOrigin(signOut("Referer", "https://evil.example/page"), APP)).isFalse();
	}

	@Test
	void isSameOriginWhenOriginNullFromANoReferrerPageThenFetchMetadataDecides() {
		assertThat(SameOriginCheck.isSameOrigin(signOut("Origin", "null", "Sec-Fetch-Site", "same-origin"), APP))
			.isTrue();
		assertThat(SameOriginCheck.isSameOrigin(signOut("Origin", "null", "Sec-Fetch-Site", "same-site"), APP))
			.isFalse();
		assertThat(SameOriginCheck.isSameOrigin(signOut("Origin", "null", "Sec-Fetch-Site", "cross-site"), APP))
			.isFalse();
	}

	@Test
	void isSameOriginWhenFetchMetadataSaysCrossSiteThenRefused() {
		assertThat(SameOriginCheck.isSameOrigin(signOut("Sec-Fetch-Site", "cross-site"), APP)).isFalse();
	}

	@Test
	void isSameOriginWhenNoBrowserHeadersThenAllowed() {
		assertThat(SameOriginCheck.isSameOrigin(signOut(), APP)).isTrue();
	}

	@Test
	void normalizeWhenDefaultPortOrUpperCaseThenDropped() {
		assertThat(SameOriginCheck.normalize("HTTPS://App.Example:443/x")).isEqualTo("https://app.example");
		assertThat(SameOriginCheck.normalize("http://localhost:8080/")).isEqualTo("http://localhost:8080");
		assertThat(SameOriginCheck.normalize("not a url")).isEmpty();
	}
}
