# syntax=docker/dockerfile:1
# The operator image without Jib: docker build -t ghcr.io/xcluster-operator/xcluster-operator:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/xcluster-operator.jar /app/xcluster-operator.jar
USER 65532:65532
EXPOSE 8080 8081 9443
ENTRYPOINT ["java", "-jar", "/app/xcluster-operator.jar"]
