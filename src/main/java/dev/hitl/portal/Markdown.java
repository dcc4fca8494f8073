package dev.hitl.portal;

import java.util.List;
import java.util.regex.Pattern;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import org.springframework.stereotype.Component;

/**
 * Consultation descriptions: Markdown rendered to HTML, then sanitized to a small set of
 * formatting elements. Raw HTML in the Markdown is escaped, links keep only http(s) and
 * mailto and never carry a referrer, and headings are demoted below the page's own.
 */
@Component
class Markdown {

	private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

	private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
		.allowElements("p", "br", "hr", "strong", "em", "b", "i", "del", "code", "pre", "blockquote", "ul", "ol", "li",
				"table", "thead", "tbody", "tr", "th", "td", "a")
		.allowElements((name, attributes) -> "h3", "h1", "h2", "h3")
		.allowElements((name, attributes) -> "h4", "h4", "h5", "h6")
		.allowAttributes("start")
		.matching(Pattern.compile("[0-9]{1,6}"))
		.onElements("ol")
		.allowAttributes("align")
		.matching(true, "left", "center", "right")
		.onElements("th", "td")
		.allowAttributes("href")
		.matching(Pattern.compile("(?i)(https?://|mailto:)\\S+"))
		.onElements("a")
		.allowUrlProtocols("http", "https", "mailto")
		.requireRelsOnLinks("noopener", "noreferrer", "nofollow")
		.toFactory();

	private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

	private final HtmlRenderer renderer = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.escapeHtml(true)
		.sanitizeUrls(true)
		.build();

	/** Safe HTML for a description; empty for none. */
	String toHtml(String markdown) {
		if (markdown == null || markdown.isBlank()) {
			return "";
		}
		return POLICY.sanitize(this.renderer.render(this.parser.parse(markdown)));
	}

}
