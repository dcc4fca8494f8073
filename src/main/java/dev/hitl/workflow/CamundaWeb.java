package dev.hitl.workflow;

import java.util.regex.Pattern;

/**
 * What the service knows of Camunda's web surface: where the engine's REST API and the
 * webapps are served, the webapps' login and setup endpoints, their cookies and the
 * shapes of the requests the security filters inspect. Other modules use these instead of
 * literals, so that a move to a Camunda 7 fork that renames any of it (Operaton's
 * {@code /operaton}, say) changes this package only.
 */
public final class CamundaWeb {

	/** The name of the one process engine, as it appears in engine and webapp paths. */
	public static final String ENGINE = "default";

	/** The engine's REST API (Camunda's {@code camunda-bpm-spring-boot-starter-rest}). */
	public static final String ENGINE_REST = "/engine-rest";

	/** The servlet URL pattern of the engine's REST API. */
	public static final String ENGINE_REST_SERVLET_PATTERN = ENGINE_REST + "/*";

	/** Every route of the engine's REST API, as a path pattern. */
	public static final String ENGINE_REST_ROUTES = ENGINE_REST + "/**";

	/** The engine's identity routes (groups, password policy, password check). */
	public static final String ENGINE_REST_IDENTITY_ROUTES = ENGINE_REST + "/identity/**";

	/** The same identity routes, addressed to a named engine. */
	public static final String NAMED_ENGINE_REST_IDENTITY_ROUTES = ENGINE_REST + "/engine/*/identity/**";

	/**
	 * The external task routes the delivery workers call (POST), as a regular expression:
	 * fetch and lock, then finish one task.
	 */
	public static final String EXTERNAL_TASK_ROUTES = ENGINE_REST
			+ "/external-task/(fetchAndLock|[^/]+/(complete|failure|bpmnError|extendLock|unlock))";

	/** The webapps (Tasklist, Cockpit, Admin, Welcome) and their own REST API. */
	public static final String WEBAPPS = "/camunda";

	/** Every path of the webapps, as a path pattern. */
	public static final String WEBAPP_ROUTES = WEBAPPS + "/**";

	/** The webapps' REST API, which the webapps' pages call. */
	public static final String WEBAPP_API = WEBAPPS + "/api/";

	/** The servlet URL pattern of the webapps' copy of the engine's REST API. */
	public static final String WEBAPP_ENGINE_SERVLET_PATTERN = WEBAPP_API + "engine/*";

	/**
	 * Any root of the engine's REST API, as a regular expression: its own, optionally
	 * with a named engine, and the webapps' copy of it.
	 */
	public static final String ENGINE_API_ROOT = "(?:" + ENGINE_REST + "(?:/engine/[^/]+)?|" + WEBAPP_API
			+ "engine/engine/[^/]+)";

	/** A deployment (BPMN, forms) to the engine's REST API, whose body may be larger. */
	public static final Pattern DEPLOYMENT = Pattern.compile(ENGINE_REST + "(/engine/[^/]+)?/deployment/create/?");

	/** A task query or count, on any root of the engine's REST API. */
	public static final Pattern TASK_QUERY = Pattern.compile(ENGINE_API_ROOT + "/task(?:/count)?/?");

	/** The execution of a stored task filter, on any root of the engine's REST API. */
	public static final Pattern FILTER_QUERY = Pattern
		.compile(ENGINE_API_ROOT + "/filter/[^/]+/(?:list|count|singleResult)/?");

	/** The creation or update of a stored task filter, on any root. */
	public static final Pattern FILTER_DEFINITION = Pattern.compile(ENGINE_API_ROOT + "/filter(?:/create|/[^/]+)?/?");

	/**
	 * The expressions Tasklist's own stored filters use ({@code ${currentUser()}},
	 * {@code ${now()}}, {@code ${dateTime().plusDays(1).toDate()}}...), matched whole.
	 */
	public static final Pattern TASKLIST_FILTER_EXPRESSION = Pattern
		.compile("\\$\\{(?:currentUser\\(\\)|currentUserGroups\\(\\)|now\\(\\)|dateTime\\(\\)"
				+ "(?:\\.(?:plus|minus)(?:Years|Months|Weeks|Days|Hours|Minutes|Seconds)\\(\\d{1,9}\\))*"
				+ "(?:\\.toDate\\(\\))?)\\}");

	/**
	 * The webapps' login (POST, a form), as a path pattern with the variables
	 * {@code engine} and {@link #WEBAPP_LOGIN_APP app}.
	 */
	public static final String WEBAPP_LOGIN = WEBAPP_API + "admin/auth/user/{engine}/login/{app}";

	/** The variable of {@link #WEBAPP_LOGIN} naming the webapp signed in to. */
	public static final String WEBAPP_LOGIN_APP = "app";

	/** The field of the webapps' login form that names the account. */
	public static final String WEBAPP_LOGIN_USERNAME = "username";

	/** The webapps' logout (POST), as a path pattern with the variable {@code engine}. */
	public static final String WEBAPP_LOGOUT = WEBAPP_API + "admin/auth/user/{engine}/logout";

	/** The Admin webapp's first-run setup, which creates an admin for anyone. */
	public static final String WEBAPP_SETUP = WEBAPP_API + "admin/setup/**";

	/** The webapps' copy of the engine's password check, for any account. */
	public static final String WEBAPP_PASSWORD_CHECK = WEBAPP_API + "engine/engine/{engine}/identity/verify";

	/** The cookie in which the webapps hand out their CSRF token. */
	public static final String XSRF_COOKIE = "XSRF-TOKEN";

	/** The name of the Tasklist webapp, in its path and its application permission. */
	public static final String TASKLIST = "tasklist";

	/** The name of the Cockpit webapp. */
	public static final String COCKPIT = "cockpit";

	/** The name of the Admin webapp. */
	public static final String ADMIN = "admin";

	/** The name of the Welcome webapp. */
	public static final String WELCOME = "welcome";

	/** Tasklist's start page, where a reviewer finds the tasks to answer. */
	public static final String TASKLIST_HOME = app(TASKLIST);

	private CamundaWeb() {
	}

	/**
	 * The start page of one webapp for this engine.
	 * @param name {@link #TASKLIST}, {@link #COCKPIT}, {@link #ADMIN} or {@link #WELCOME}
	 * @return e.g. {@code /camunda/app/tasklist/default/}
	 */
	public static String app(String name) {
		return WEBAPPS + "/app/" + name + "/" + ENGINE + "/";
	}

	/**
	 * Whether a request path (within the application) is on the engine's own REST API.
	 */
	public static boolean isEngineRest(String path) {
		return path.startsWith(ENGINE_REST + "/");
	}

	/** Whether a request path (within the application) is one of the webapps'. */
	public static boolean isWebapp(String path) {
		return path.startsWith(WEBAPPS + "/");
	}

}
