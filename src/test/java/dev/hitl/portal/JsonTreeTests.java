package dev.hitl.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.StringTemplateResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** The portal's context tree, {@code templates/portal/json-tree.html}, rendered alone. */
class JsonTreeTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final SpringTemplateEngine THYMELEAF = engine();

	@Test
	void keysAndValuesAreEscapedText() throws Exception {
		String html = render(
				"{\"<script>\": \"</dd><img src=x onerror=alert(1)>\", \"n\": 3, \"ok\": true, \"no\": null}");
		assertThat(html).doesNotContain("<script>").doesNotContain("<img");
		assertThat(html).contains("<dt>&lt;script&gt;</dt>")
			.contains("&quot;&lt;/dd&gt;&lt;img src=x onerror=alert(1)&gt;&quot;")
			.contains("<span class=\"json-number\">3</span>")
			.contains("<span class=\"json-boolean\">true</span>")
			.contains("<span class=\"json-null\">null</span>");
	}

	@Test
	void theFirstLevelsAreOpenDeeperOnesCollapsed() throws Exception {
		String html = render("{\"a\": {\"b\": {\"c\": {\"d\": 1}}}, \"list\": [1, 2]}");
		assertThat(html).startsWith("<div class=\"json-tree\"><details class=\"json-object\" open><summary>{…} 2 keys");
		assertThat(html).contains("<summary>[…] 2 items</summary><dl><dt>0</dt>");
		assertThat(countOf(html, "<details")).isEqualTo(5);
		assertThat(countOf(html, " open>")).isEqualTo(3);
		assertThat(render("{\"one\": [1]}")).contains("<summary>{…} 1 key</summary>")
			.contains("<summary>[…] 1 item</summary>");
	}

	@Test
	void emptyContainersAreShownAsSuch() throws Exception {
		assertThat(render("{\"empty\": [], \"none\": {}}")).contains("<span class=\"json-array\">[]</span>")
			.contains("<span class=\"json-object\">{}</span>");
	}

	@Test
	void theDeepestContextTheApiTakesRenders() throws Exception {
		String deep = "{\"a\":".repeat(19) + "1" + "}".repeat(19);
		assertThat(countOf(render(deep), "<details")).isEqualTo(19);
	}

	private static String render(String json) throws Exception {
		JsonNode node = JSON.readTree(json);
		Context context = new Context();
		context.setVariable("node", node);
		String html = THYMELEAF.process("<div th:replace=\"~{portal/json-tree :: tree(${node})}\"></div>", context);
		// The same markup without the template's line breaks inside tags.
		return html.strip().replaceAll("\\s+>", ">").replace(" open=\"open\"", " open");
	}

	private static SpringTemplateEngine engine() {
		ClassLoaderTemplateResolver files = new ClassLoaderTemplateResolver();
		files.setPrefix("templates/");
		files.setSuffix(".html");
		files.setTemplateMode(TemplateMode.HTML);
		files.setCheckExistence(true);
		files.setOrder(1);
		StringTemplateResolver strings = new StringTemplateResolver();
		strings.setOrder(2);
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.addTemplateResolver(files);
		engine.addTemplateResolver(strings);
		return engine;
	}

	private static int countOf(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

}
