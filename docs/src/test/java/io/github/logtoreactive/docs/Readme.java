package io.github.logtoreactive.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's {@code README.md} as fenced code blocks, each with the headings it sits under. A block whose first
 * line is a path comment ({@code // src/main/java/...} in Java, {@code # src/main/resources/...} in YAML) is a file of
 * the README's application, its content the whole block as the README shows it.
 */
final class Readme {

	private static final Pattern FILE_LINE = Pattern.compile("^(?://|#) (src/(?:main|test)/\\S+)$");

	/** A fenced block: its language, the {@code ##} and {@code ###} headings above it, and its text. */
	record Block(String language, String section, String subsection, String text) {

		/** @return the path of the application's file this block is, or {@code null} when it is not one */
		String path() {
			Matcher matcher = FILE_LINE.matcher(this.text.lines().findFirst().orElse(""));
			return matcher.matches() ? matcher.group(1) : null;
		}

		/** @return where the block is, for messages */
		String where() {
			return "the " + this.language + " block under \"" + this.section + "\" / \"" + this.subsection + "\"";
		}
	}

	private final List<Block> blocks;

	private Readme(List<Block> blocks) {
		this.blocks = blocks;
	}

	/** @return the README named by the system property {@code readme.path} (set by this module's POM) */
	static Readme load() {
		return parse(markdown());
	}

	/** @return the text of the README named by the system property {@code readme.path} */
	static String markdown() {
		Path path = Path.of(System.getProperty("readme.path", "../README.md"));
		try {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Readme parse(String markdown) {
		List<Block> blocks = new ArrayList<>();
		String section = "";
		String subsection = "";
		String language = null;
		StringBuilder text = null;
		for (String line : markdown.split("\n", -1)) {
			if (text != null) {
				if (line.equals("```")) {
					blocks.add(new Block(language, section, subsection, text.toString()));
					text = null;
				}
				else {
					text.append(line).append('\n');
				}
			}
			else if (line.startsWith("```")) {
				language = line.substring(3).trim();
				text = new StringBuilder();
			}
			else if (line.startsWith("## ")) {
				section = line.substring(3).trim();
				subsection = "";
			}
			else if (line.startsWith("### ")) {
				subsection = line.substring(4).trim();
			}
		}
		return new Readme(List.copyOf(blocks));
	}

	/** @return every fenced block, in order */
	List<Block> blocks() {
		return this.blocks;
	}

	/** @return the blocks that are files of the README's application */
	List<Block> files() {
		return this.blocks.stream().filter(block -> block.path() != null).toList();
	}
}
