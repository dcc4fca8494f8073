package dev.hitl.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hitl.PostgresTestDatabase;

/**
 * A TCP proxy on loopback between the nodes and PostgreSQL, which a test can cut: every
 * open connection is closed and new ones are refused (the port stops listening), as when
 * the database server goes down; {@link #restore()} listens on the same port again.
 */
final class DatabaseProxy implements AutoCloseable {

	private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+)(?::(\\d+))?/");

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final PostgresTestDatabase.Credentials proxied;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listening;

	DatabaseProxy(PostgresTestDatabase.Credentials database) throws IOException {
		Matcher target = HOST_PORT.matcher(database.url());
		if (!target.find()) {
			throw new IllegalArgumentException("No host in " + database.url());
		}
		this.targetHost = target.group(1);
		this.targetPort = (target.group(2) != null) ? Integer.parseInt(target.group(2)) : 5432;
		this.listening = listen(0);
		this.port = this.listening.getLocalPort();
		this.proxied = new PostgresTestDatabase.Credentials(target.replaceFirst("//127.0.0.1:" + this.port + "/"),
				database.username(), database.password());
		accept(this.listening);
	}

	/** The database as the nodes reach it, through this proxy. */
	PostgresTestDatabase.Credentials database() {
		return this.proxied;
	}

	/** The database server goes away: connections drop, new ones are refused. */
	synchronized void cut() throws IOException {
		this.listening.close();
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	/** The database server is back on the same address. */
	synchronized void restore() throws IOException {
		if (this.listening.isClosed()) {
			this.listening = listen(this.port);
			accept(this.listening);
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
		return server;
	}

	private void accept(ServerSocket server) {
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Socket upstream = new Socket(this.targetHost, this.targetPort);
					client.setTcpNoDelay(true);
					upstream.setTcpNoDelay(true);
					this.sockets.add(client);
					this.sockets.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// Cut, or the server refused: the client sees its connection close.
				}
			}
		}, "db-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pipe(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					out.write(buffer, 0, read);
				}
			}
			catch (SocketException ex) {
				// Closed by the other side or by cut().
			}
			catch (IOException ex) {
				// Same.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "db-proxy-pipe");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

}
