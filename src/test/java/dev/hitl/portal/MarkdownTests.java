package dev.hitl.portal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTests {

	private final Markdown markdown = new Markdown();

	@Test
	void formattingListsTablesAndLinksAreRendered() {
		String html = this.markdown.toHtml("Parcel **never arrived**, _twice_.\n\n- tracked\n- insured\n\n"
				+ "| carrier | days |\n|---|---|\n| DHL | 12 |\n\n[order](https://shop.example.com/o/1042)");
		assertThat(html).contains("<strong>never arrived</strong>")
			.contains("<em>twice</em>")
			.contains("<li>tracked</li>")
			.contains("<td>DHL</td>")
			.containsPattern("<a href=\"https://shop.example.com/o/1042\" rel=\"[a-z ]*noreferrer[a-z ]*\">order</a>")
			.containsPattern("rel=\"[a-z ]*noopener[a-z ]*\"");
	}

	@Test
	void rawHtmlAndScriptsAreShownAsTextNeverRun() {
		String html = this.markdown.toHtml("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> "
				+ "<a href=\"https://evil.example\" onclick=\"steal()\">x</a>");
		assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<a href=\"https://evil");
		assertThat(html).contains("&lt;script&gt;");
	}

	@Test
	void onlyWebAndMailLinksKeepTheirTarget() {
		String html = this.markdown.toHtml("[a](javascript:alert(1)) [b](data:text/html,hi) [c](/relative) "
				+ "[d](mailto:help@example.com) [e](vbscript:x)");
		assertThat(html).doesNotContain("javascript:")
			.doesNotContain("data:")
			.doesNotContain("vbscript:")
			.doesNotContain("href=\"/relative\"")
			.contains("href=\"mailto:help&#64;example.com\"");
	}

	@Test
	void headingsAreDemotedBelowThePagesOwn() {
		assertThat(this.markdown.toHtml("# Big\n\n## Smaller\n\n#### Small")).contains("<h3>Big</h3>")
			.contains("<h3>Smaller</h3>")
			.contains("<h4>Small</h4>")
			.doesNotContain("<h1>")
			.doesNotContain("<h2>");
	}

	@Test
	void noDescriptionRendersNothing() {
		assertThat(this.markdown.toHtml(null)).isEmpty();
		assertThat(this.markdown.toHtml("  \n")).isEmpty();
	}

}
