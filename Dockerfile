# MUS: one binary that carries the web app. Build: docker build -t mus .
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rustup target add wasm32-unknown-unknown \
    && cargo install wasm-bindgen-cli --version "$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)" \
    && cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary \
    && npm ci --no-audit --no-fund \
    && scripts/build-frontend.sh \
    && cargo build --release -p mus-server --bin mus

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/mus mus && mkdir -p /var/lib/mus && chown mus /var/lib/mus
COPY --from=build /src/target/release/mus /usr/local/bin/mus
USER mus
WORKDIR /var/lib/mus
ENV MUS_BIND=0.0.0.0:8080 \
    MUS_DATA_DIR=/var/lib/mus
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["mus"]
CMD ["serve"]
