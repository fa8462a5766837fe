# Builds the one runnable jar and runs it. External mode: point it at real servers with
# HOOKYARD_KAFKA_BOOTSTRAP_SERVERS, HOOKYARD_R2DBC_URL (+ _USERNAME, _PASSWORD).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# the class-data-sharing archive is made below, by the JVM that will run it
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Dhookyard.cds.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/hookyard hookyard && mkdir -p /var/lib/hookyard /opt/hookyard \
 && chown hookyard /var/lib/hookyard /opt/hookyard
USER hookyard
WORKDIR /var/lib/hookyard
COPY --from=build --chown=hookyard /src/app/target/hookyard.jar /tmp/hookyard.jar
# unpacked (plain jars on the class path) and trained once in embedded mode: start-up maps the
# classes in from hookyard.jsa (see the README's Quick start and docs/benchmarks.md, Start-up)
RUN java -Djarmode=tools -jar /tmp/hookyard.jar extract --destination /opt/hookyard \
 && rm /tmp/hookyard.jar \
 && java -XX:ArchiveClassesAtExit=/opt/hookyard/hookyard.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar /opt/hookyard/hookyard.jar --server.port=0 --hookyard.data-dir=/tmp/cds-training \
      --hookyard.cds-training=true --hookyard.admin-key=cds-training-operator-key \
      --logging.level.root=WARN \
 && rm -rf /tmp/cds-training
ENV HOOKYARD_DATA_DIR=/var/lib/hookyard
EXPOSE 8080
# an out-of-memory error ends the process (the orchestrator restarts it) instead of leaving a loop
# half dead: Kafka reads again from the last commit, so nothing is lost
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:SharedArchiveFile=/opt/hookyard/hookyard.jsa", "-jar", "/opt/hookyard/hookyard.jar"]
