# Builds the one runnable jar and runs it. External mode: point it at real servers with
# HOOKYARD_KAFKA_BOOTSTRAP_SERVERS, HOOKYARD_R2DBC_URL (+ _USERNAME, _PASSWORD).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/hookyard hookyard && mkdir -p /var/lib/hookyard && chown hookyard /var/lib/hookyard
USER hookyard
WORKDIR /var/lib/hookyard
COPY --from=build /src/app/target/hookyard.jar /opt/hookyard/hookyard.jar
ENV HOOKYARD_DATA_DIR=/var/lib/hookyard
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/hookyard/hookyard.jar"]
