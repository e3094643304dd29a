package io.github.logtoreactive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IdTokenClaimsTests {

	private static Map<String, @Nullable Object> logtoClaims() {
		Map<String, @Nullable Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user-1");
		claims.put("iss", "https://tenant.logto.app/oidc");
		claims.put("aud", "app");
		claims.put("exp", 1_800_000_000L);
		claims.put("iat", 1_799_996_400L);
		claims.put("sid", "sid-1");
		claims.put("name", null);
		claims.put("picture", "https://cdn/p.png");
		claims.put("username", "ada");
		claims.put("email", null);
		claims.put("email_verified", false);
		claims.put("phone_number", "+33600000000");
		claims.put("phone_number_verified", true);
		claims.put("roles", new ArrayList<>(List.of("admin", "editor")));
		claims.put("organizations", List.of("org-1", "org-2"));
		claims.put("organization_roles", List.of("org-1:owner"));
		claims.put("created_at", 1_700_000_000_123L);
		claims.put("updated_at", 1_700_000_100_456L);
		claims.put("custom", new HashMap<>(Map.of("nested", List.of(1L, 2L))));
		return claims;
	}

	@Test
	void ofWhenLogtoClaimsThenTypedAccessors() {
		IdTokenClaims claims = IdTokenClaims.of(logtoClaims());
		assertThat(claims.sub()).isEqualTo("user-1");
		assertThat(claims.iss()).isEqualTo("https://tenant.logto.app/oidc");
		assertThat(claims.aud()).containsExactly("app");
		assertThat(claims.exp()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
		assertThat(claims.iat()).isEqualTo(Instant.ofEpochSecond(1_799_996_400L));
		assertThat(claims.sid()).isEqualTo("sid-1");
		assertThat(claims.name()).isNull();
		assertThat(claims.picture()).isEqualTo("https://cdn/p.png");
		assertThat(claims.username()).isEqualTo("ada");
		assertThat(claims.email()).isNull();
		assertThat(claims.emailVerified()).isFalse();
		assertThat(claims.phoneNumber()).isEqualTo("+33600000000");
		assertThat(claims.phoneNumberVerified()).isTrue();
		assertThat(claims.roles()).containsExactly("admin", "editor");
		assertThat(claims.organizations()).containsExactly("org-1", "org-2");
		assertThat(claims.organizationRoles()).containsExactly("org-1:owner");
		assertThat(claims.createdAt()).isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
		assertThat(claims.updatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_100_456L));
		assertThat(claims.claims()).containsEntry("name", null).containsKey("custom");
		assertThat(claims.claim("missing")).isNull();
	}

	@Test
	void ofWhenAbsentOptionalClaimsThenNullOrEmpty() {
		Map<String, @Nullable Object> minimal = new LinkedHashMap<>(
				Map.of("sub", "u", "iss", "i", "aud", List.of("a", "b"), "exp", 2L, "iat", 1L));
		IdTokenClaims claims = IdTokenClaims.of(minimal);
		assertThat(claims.aud()).containsExactly("a", "b");
		assertThat(claims.roles()).isEmpty();
		assertThat(claims.createdAt()).isNull();
		assertThat(claims.emailVerified()).isFalse();
		assertThat(claims.sid()).isNull();
	}

	@Test
	void claimsWhenSourceChangesOrCallerMutatesThenUnaffected() {
		Map<String, @Nullable Object> source = logtoClaims();
		IdTokenClaims claims = IdTokenClaims.of(source);
		@SuppressWarnings("unchecked")
		List<String> roles = (List<String>) source.get("roles");
		roles.add("intruder");
		assertThat(claims.roles()).containsExactly("admin", "editor");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> claims.claims().put("sub", "x"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> ((Map<?, ?>) claims.claim("custom")).clear());
	}

	@Test
	void ofWhenRequiredClaimMissingOrMistypedThenIllegalArgument() {
		for (String name : List.of("sub", "iss", "aud", "exp", "iat")) {
			Map<String, @Nullable Object> claims = logtoClaims();
			claims.remove(name);
			assertThatIllegalArgumentException().isThrownBy(() -> IdTokenClaims.of(claims)).withMessageContaining(name);
		}
		Map<String, @Nullable Object> claims = logtoClaims();
		claims.put("aud", List.of("a", 1L));
		assertThatIllegalArgumentException().isThrownBy(() -> IdTokenClaims.of(claims));
	}

	@Test
	void toStringWhenCalledThenNoPersonalData() {
		assertThat(IdTokenClaims.of(logtoClaims()).toString()).doesNotContain("ada").doesNotContain("+336");
	}
}
