package io.github.logtoreactive.test.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the npm project that holds {@code logto-like-provider.mjs} and checks that it was installed. */
final class NodeProject {

	/** System property, then environment variable, naming the project directory explicitly. */
	static final String DIRECTORY_PROPERTY = "logto.peer.dir";

	static final String DIRECTORY_ENV = "LOGTO_PEER_DIR";

	/** System property, then environment variable, naming the {@code node} executable (default: {@code node}). */
	static final String NODE_PROPERTY = "logto.peer.node";

	static final String NODE_ENV = "LOGTO_PEER_NODE";

	static final String SCRIPT = "logto-like-provider.mjs";

	private static final Path RELATIVE = Paths.get("oidc-provider-peer", "src", "main", "node");

	private NodeProject() {
	}

	/**
	 * @param explicit a directory set on the builder, or {@code null}
	 * @return the project directory, with its {@code node_modules} installed
	 * @throws IllegalStateException naming what to do when the directory or its dependencies are missing
	 */
	static Path locate(Path explicit) {
		Path directory = explicit;
		if (directory == null) {
			String configured = setting(DIRECTORY_PROPERTY, DIRECTORY_ENV);
			directory = (configured != null) ? Paths.get(configured) : search(Paths.get(System.getProperty("user.dir")));
		}
		if (directory == null) {
			throw new IllegalStateException("cannot find " + RELATIVE + "/" + SCRIPT + " above "
					+ System.getProperty("user.dir") + "; set -D" + DIRECTORY_PROPERTY + "=<dir> or " + DIRECTORY_ENV);
		}
		directory = directory.toAbsolutePath().normalize();
		if (!Files.isRegularFile(directory.resolve(SCRIPT))) {
			throw new IllegalStateException(directory + " does not contain " + SCRIPT);
		}
		if (!Files.isRegularFile(directory.resolve("node_modules").resolve("oidc-provider").resolve("package.json"))) {
			throw new IllegalStateException("oidc-provider is not installed in " + directory
					+ ": run `npm ci` in that directory (or bin/test, which does it)");
		}
		return directory;
	}

	private static Path search(Path start) {
		for (Path candidate = start.toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
			Path project = candidate.resolve(RELATIVE);
			if (Files.isRegularFile(project.resolve(SCRIPT))) {
				return project;
			}
		}
		return null;
	}

	static String nodeExecutable() {
		String configured = setting(NODE_PROPERTY, NODE_ENV);
		return (configured != null) ? configured : "node";
	}

	private static String setting(String property, String env) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			value = System.getenv(env);
		}
		return (value == null || value.isBlank()) ? null : value;
	}
}
