#!/bin/sh
# Runs once before the stack (service "secrets" in docker-compose.yml): writes each secret
# to the volume "secrets", readable only by the container that needs it. A value set in
# .env wins; an empty one keeps the value of an earlier start, or a new random one is made,
# so `cp .env.example .env && docker compose up` works and keeps working.
set -eu
umask 077
root=${HITL_SECRETS_DIR:-/run/hitl-secrets}

# put <file> <owner uid> <value from .env>
put() {
	file="$root/$1"
	mkdir -p "$(dirname "$file")"
	chmod 755 "$(dirname "$file")"
	if [ -n "$3" ]; then
		printf '%s' "$3" > "$file"
	elif [ ! -s "$file" ]; then
		head -c 32 /dev/urandom | base64 | tr -d '\n' > "$file"
		echo "secrets: generated $1"
	fi
	chown "$2" "$file"
	chmod 400 "$file"
}

# The service (uid 10001) reads app/ as a Spring config tree: one property per file.
put app/spring.datasource.password 10001 "${POSTGRES_PASSWORD:-}"
put app/HITL_SECRET_KEY 10001 "${HITL_SECRET_KEY:-}"
# PostgreSQL (uid 999) and Grafana (uid 472) read theirs through *_FILE settings.
cp "$root/app/spring.datasource.password" "$root/postgres-password.tmp"
mv "$root/postgres-password.tmp" "$root/postgres-password"
chown 999 "$root/postgres-password"
chmod 400 "$root/postgres-password"
put grafana-admin-password 472 "${GRAFANA_ADMIN_PASSWORD:-}"
