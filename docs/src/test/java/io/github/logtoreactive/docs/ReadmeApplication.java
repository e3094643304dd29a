package io.github.logtoreactive.docs;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The README's application as a project on disk, built from nothing but the README's file blocks: they are written
 * under a directory as the paths in their first lines say, the Java sources compiled with {@code javac} against this
 * module's test class path (exactly the dependencies the README lists), the resources copied next to the classes.
 */
final class ReadmeApplication {

	private final Path mainClasses;

	private final Path testClasses;

	private final List<String> testClassNames;

	private ReadmeApplication(Path mainClasses, Path testClasses, List<String> testClassNames) {
		this.mainClasses = mainClasses;
		this.testClasses = testClasses;
		this.testClassNames = testClassNames;
	}

	/**
	 * @param readme the README
	 * @param dir an empty directory for the project
	 * @return the compiled application
	 * @throws AssertionError with javac's messages when a source does not compile
	 */
	static ReadmeApplication build(Readme readme, Path dir) throws IOException {
		for (Readme.Block file : readme.files()) {
			Path path = dir.resolve(file.path());
			Files.createDirectories(path.getParent());
			Files.writeString(path, file.text(), StandardCharsets.UTF_8);
		}
		Path mainClasses = Files.createDirectories(dir.resolve("target/classes"));
		Path testClasses = Files.createDirectories(dir.resolve("target/test-classes"));
		String classPath = System.getProperty("java.class.path");
		compile(sources(dir.resolve("src/main/java")), mainClasses, classPath);
		compile(sources(dir.resolve("src/test/java")), testClasses,
				mainClasses + java.io.File.pathSeparator + classPath);
		copyResources(dir.resolve("src/main/resources"), mainClasses);
		List<String> testClassNames = new ArrayList<>();
		for (Path source : sources(dir.resolve("src/test/java"))) {
			String relative = dir.resolve("src/test/java").relativize(source).toString();
			testClassNames.add(relative.substring(0, relative.length() - ".java".length()).replace('/', '.'));
		}
		return new ReadmeApplication(mainClasses, testClasses, testClassNames);
	}

	private static List<Path> sources(Path root) throws IOException {
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
		}
	}

	private static void compile(List<Path> sources, Path output, String classPath) throws IOException {
		if (sources.isEmpty()) {
			return;
		}
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		StringWriter messages = new StringWriter();
		try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
			Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
			// What a Spring Boot project compiles with: Java 17, parameter names (@PathVariable without a name);
			// deprecated or unchecked API in the README fails the build.
			List<String> options = List.of("--release", "17", "-parameters", "-proc:none", "-encoding", "UTF-8",
					"-Xlint:deprecation,unchecked", "-Werror", "-classpath", classPath, "-d", output.toString());
			boolean compiled = javac.getTask(messages, files, null, options, null, units).call();
			if (!compiled) {
				throw new AssertionError("the README's sources do not compile:\n" + messages);
			}
		}
	}

	private static void copyResources(Path root, Path output) throws IOException {
		if (!Files.isDirectory(root)) {
			return;
		}
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path target = output.resolve(root.relativize(file).toString());
				Files.createDirectories(target.getParent());
				Files.copy(file, target);
			}
		}
	}

	/** @return a class loader over the application's classes and resources, then this module's test class path */
	URLClassLoader classLoader() {
		try {
			return new URLClassLoader(new URL[] { this.mainClasses.toUri().toURL(), this.testClasses.toUri().toURL() },
					ReadmeApplication.class.getClassLoader());
		}
		catch (MalformedURLException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the fully qualified names of the README's test sources' classes */
	List<String> testClassNames() {
		return this.testClassNames;
	}
}
