package io.github.logtoreactive.web;

import java.util.ArrayList;
import java.util.List;

import io.github.logtoreactive.DirectSignIn;
import io.github.logtoreactive.FirstScreen;
import io.github.logtoreactive.Identifier;
import io.github.logtoreactive.Prompt;
import io.github.logtoreactive.SignInOptions;
import org.jspecify.annotations.Nullable;

/**
 * Reads the sign-in route's query parameters ({@code firstScreen}, {@code identifier}, {@code directSignIn},
 * {@code loginHint}, {@code organizationId}, {@code uiLocales}, {@code oneTimeToken}, {@code prompt}: {@code none},
 * {@code consent}, {@code login}, space or comma separated; {@code interactionMode}: {@code signIn}, {@code signUp},
 * Logto's deprecated {@code interaction_mode}) into {@link SignInOptions}. A value Logto does not know throws
 * {@link IllegalArgumentException} naming the parameter. Pure function; never blocks.
 */
final class SignInQuery {

	private SignInQuery() {
	}

	/**
	 * @param request the sign-in request
	 * @param redirectUri the callback's absolute URL
	 * @param postRedirect where to go after sign-in, already checked
	 * @return the options, to be built
	 * @throws IllegalArgumentException when a parameter has a value Logto does not know
	 */
	static SignInOptions.Builder options(RouteRequest request, String redirectUri, String postRedirect) {
		SignInOptions.Builder builder = SignInOptions.builder(redirectUri).postRedirectUri(postRedirect);
		String firstScreen = request.queryParameter("firstScreen");
		if (firstScreen != null && !firstScreen.isEmpty()) {
			builder.firstScreen(FirstScreen.fromValue(firstScreen));
		}
		String identifier = request.queryParameter("identifier");
		if (identifier != null && !identifier.isBlank()) {
			List<Identifier> identifiers = new ArrayList<>();
			for (String value : identifier.split("[,\\s]+")) {
				if (!value.isEmpty()) {
					identifiers.add(Identifier.fromValue(value));
				}
			}
			builder.identifiers(identifiers.toArray(Identifier[]::new));
		}
		String directSignIn = request.queryParameter("directSignIn");
		if (directSignIn != null && !directSignIn.isEmpty()) {
			builder.directSignIn(DirectSignIn.parse(directSignIn));
		}
		builder.loginHint(emptyToNull(request.queryParameter("loginHint")));
		builder.organizationId(emptyToNull(request.queryParameter("organizationId")));
		builder.uiLocales(emptyToNull(request.queryParameter("uiLocales")));
		builder.oneTimeToken(emptyToNull(request.queryParameter("oneTimeToken")));
		promptAndInteractionMode(request, builder);
		return builder;
	}

	@SuppressWarnings("deprecation")
	private static void promptAndInteractionMode(RouteRequest request, SignInOptions.Builder builder) {
		String prompt = request.queryParameter("prompt");
		if (prompt != null && !prompt.isBlank()) {
			List<Prompt> values = new ArrayList<>();
			for (String value : prompt.trim().split("[,\\s]+")) {
				values.add(prompt(value));
			}
			builder.prompt(values.toArray(Prompt[]::new));
		}
		String mode = request.queryParameter("interactionMode");
		if (mode != null && !mode.isEmpty()) {
			builder.interactionMode(interactionMode(mode));
		}
	}

	private static Prompt prompt(String value) {
		for (Prompt prompt : Prompt.values()) {
			if (prompt.value().equals(value)) {
				return prompt;
			}
		}
		throw new IllegalArgumentException("prompt must be none, consent or login (space-separated for several)");
	}

	private static SignInOptions.InteractionMode interactionMode(String value) {
		for (SignInOptions.InteractionMode mode : SignInOptions.InteractionMode.values()) {
			if (mode.value().equals(value)) {
				return mode;
			}
		}
		throw new IllegalArgumentException("interactionMode must be signIn or signUp");
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return value == null || value.isEmpty() ? null : value;
	}
}
