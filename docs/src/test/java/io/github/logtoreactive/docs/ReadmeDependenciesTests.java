package io.github.logtoreactive.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The dependencies the README shows (Installation, Testing your app; Maven and Gradle) are the ones this module
 * builds the README's application with, at this build's version: so "add these" is enough for the README's code.
 */
class ReadmeDependenciesTests {

	/** A dependency as the build sees it: coordinates, scope and type. */
	record Dependency(String groupId, String artifactId, String scope, String type) {

		@Override
		public String toString() {
			return this.groupId + ":" + this.artifactId + ":" + this.type + ":" + this.scope;
		}
	}

	private static final Set<String> SECTIONS = Set.of("Installation", "Testing your app");

	/** {@code implementation("g:a")}, {@code testImplementation("g:a")}, {@code implementation(platform("g:a:v"))}. */
	private static final Pattern GRADLE = Pattern
		.compile("(implementation|testImplementation)\\((platform\\()?\"([^:\"]+):([^:\"]+)(?::([^\"]+))?\"");

	private final Readme readme = Readme.load();

	private final Document pom = parse(new File(System.getProperty("docs.pom.path", "pom.xml")).toPath().toUri()
		.toString(), null);

	@Test
	void everyMavenDependencyTheReadmeShowsIsOneOfThisBuildAtItsVersion() {
		List<Dependency> shown = new ArrayList<>();
		List<String> versions = new ArrayList<>();
		this.readme.blocks()
			.stream()
			.filter(block -> block.language().equals("xml") && SECTIONS.contains(block.section()))
			.forEach(block -> {
				Document fragment = parse(null, "<fragment>" + block.text() + "</fragment>");
				for (Element dependency : elements(fragment.getElementsByTagName("dependency"))) {
					shown.add(dependency(dependency));
					String version = text(dependency, "version", null);
					if (version != null) {
						versions.add(version);
					}
				}
			});

		assertThat(shown).as("the README's Maven dependencies").hasSizeGreaterThanOrEqualTo(4);
		assertThat(buildDependencies()).containsAll(shown);
		assertThat(versions).isNotEmpty().allMatch(version -> version.equals(projectVersion()));
	}

	@Test
	void everyGradleDependencyTheReadmeShowsIsOneOfThisBuildAtItsVersion() {
		List<Dependency> shown = new ArrayList<>();
		List<String> versions = new ArrayList<>();
		for (String section : SECTIONS) {
			Matcher matcher = GRADLE.matcher(sectionText(section));
			while (matcher.find()) {
				boolean platform = matcher.group(2) != null;
				String scope = platform ? "import" : matcher.group(1).equals("implementation") ? "compile" : "test";
				shown.add(new Dependency(matcher.group(3), matcher.group(4), scope, platform ? "pom" : "jar"));
				if (matcher.group(5) != null) {
					versions.add(matcher.group(5));
				}
			}
		}

		assertThat(shown).as("the README's Gradle dependencies").hasSizeGreaterThanOrEqualTo(4);
		assertThat(buildDependencies()).containsAll(shown);
		assertThat(versions).isNotEmpty().allMatch(version -> version.equals(projectVersion()));
	}

	/** @return the README's text (blocks and prose) of a {@code ##} section */
	private static String sectionText(String section) {
		String markdown = Readme.markdown();
		int start = markdown.indexOf("\n## " + section + "\n");
		int end = markdown.indexOf("\n## ", start + 1);
		assertThat(start).as("the README's section " + section).isNotNegative();
		return markdown.substring(start, end < 0 ? markdown.length() : end);
	}

	private List<Dependency> buildDependencies() {
		List<Dependency> dependencies = new ArrayList<>();
		for (Element dependency : elements(this.pom.getElementsByTagName("dependency"))) {
			dependencies.add(dependency(dependency));
		}
		return dependencies;
	}

	private String projectVersion() {
		Element parent = (Element) this.pom.getElementsByTagName("parent").item(0);
		return text(parent, "version", null);
	}

	private static Dependency dependency(Element element) {
		return new Dependency(text(element, "groupId", null), text(element, "artifactId", null),
				text(element, "scope", "compile"), text(element, "type", "jar"));
	}

	private static String text(Element element, String child, String otherwise) {
		for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element named && named.getTagName().equals(child)) {
				return named.getTextContent().trim();
			}
		}
		return otherwise;
	}

	private static List<Element> elements(NodeList nodes) {
		List<Element> elements = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			elements.add((Element) nodes.item(i));
		}
		return elements;
	}

	private static Document parse(String uri, String xml) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return (uri != null) ? factory.newDocumentBuilder().parse(uri)
					: factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read " + (uri != null ? uri : "a README block as XML"), ex);
		}
	}
}
