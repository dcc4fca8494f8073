# syntax=docker/dockerfile:1
# The image docker-compose.yml builds from this repository. Without a Docker daemon the
# same image comes from Jib: ./mvnw -Pimage package (target/jib-image.tar). Both use the
# same base image, user, ports and JVM flags; DeploymentFilesTests keeps them in step.

FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
COPY processes/ processes/
COPY forms/ forms/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/hitl-orchestrator-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre-noble
RUN groupadd --system --gid 10001 hitl \
 && useradd --system --uid 10001 --gid hitl --home-dir /app --no-create-home hitl \
 && mkdir -p /app/data && chown hitl:hitl /app/data
WORKDIR /app
# Dependencies change less often than the application: separate layers, cached apart.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
# 8080: API, portal, webapps, engine REST. 8081: health and Prometheus when
# MANAGEMENT_SERVER_PORT=8081 (keep it inside the cluster network).
EXPOSE 8080 8081
# The heap follows the container's memory limit; JAVA_TOOL_OPTIONS adds to these flags.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
