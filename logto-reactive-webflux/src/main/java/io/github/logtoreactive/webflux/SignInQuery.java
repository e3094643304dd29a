package io.github.logtoreactive.webflux;

import java.util.ArrayList;
import java.util.List;

import io.github.logtoreactive.Prompt;
import io.github.logtoreactive.SignInOptions;
import org.springframework.util.MultiValueMap;

/**
 * Reads the sign-in route's {@code prompt} ({@code none}, {@code consent}, {@code login}, space or comma separated)
 * and {@code interactionMode} ({@code signIn}, {@code signUp}; Logto's deprecated {@code interaction_mode}) query
 * parameters into {@link SignInOptions}. An unknown value throws {@link IllegalArgumentException} naming the parameter.
 */
final class SignInQuery {

	private SignInQuery() {
	}

	@SuppressWarnings("deprecation")
	static void applyPromptAndInteractionMode(MultiValueMap<String, String> query, SignInOptions.Builder builder) {
		String prompt = query.getFirst("prompt");
		if (prompt != null && !prompt.isBlank()) {
			List<Prompt> values = new ArrayList<>();
			for (String value : prompt.trim().split("[,\\s]+")) {
				values.add(prompt(value));
			}
			builder.prompt(values.toArray(Prompt[]::new));
		}
		String mode = query.getFirst("interactionMode");
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
}
