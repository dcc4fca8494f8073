package dev.hitl.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTreeTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void keysAndValuesAreEscapedText() throws Exception {
		String html = JsonTree
			.toHtml(JSON.readTree("{\"<script>\": \"</dd><img src=x onerror=alert(1)>\", \"n\": 3, \"ok\": true}"));
		assertThat(html).doesNotContain("<script>").doesNotContain("<img");
		assertThat(html).contains("<dt>&lt;script&gt;</dt>")
			.contains("&quot;&lt;/dd&gt;&lt;img src=x onerror=alert(1)&gt;&quot;")
			.contains("<span class=\"json-number\">3</span>")
			.contains("<span class=\"json-boolean\">true</span>");
	}

	@Test
	void theFirstLevelsAreOpenDeeperOnesCollapsed() throws Exception {
		JsonNode context = JSON.readTree("{\"a\": {\"b\": {\"c\": {\"d\": 1}}}, \"list\": [1, 2]}");
		String html = JsonTree.toHtml(context);
		assertThat(html).startsWith("<div class=\"json-tree\"><details class=\"json-object\" open><summary>{…} 2 keys");
		assertThat(html).contains("<summary>[…] 2 items</summary><dl><dt>0</dt>");
		assertThat(countOf(html, "<details")).isEqualTo(5);
		assertThat(countOf(html, " open>")).isEqualTo(3);
	}

	@Test
	void noContextShowsNothing() throws Exception {
		assertThat(JsonTree.toHtml(null)).isEmpty();
		assertThat(JsonTree.toHtml(JSON.readTree("{}"))).isEmpty();
		assertThat(JsonTree.toHtml(JSON.readTree("{\"empty\": []}"))).contains("<span class=\"json-array\">[]</span>");
	}

	private static int countOf(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

}
