# syntax=docker/dockerfile:1
# The one image of Slipway: API, worker, migrations and model server (`slipway api|worker|migrate|serve`).
#   docker build -t slipway:0.1.0 .

# --- web app: typed against the exported schema, built to web/dist ------------------------
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY graphql/ /src/graphql/
COPY web/ ./
RUN npm run build

# --- Python wheel: backend, tasks and migrations ------------------------------------------
FROM python:3.11-slim-bookworm AS wheel
WORKDIR /src
RUN pip install --no-cache-dir build
COPY pyproject.toml README.md ./
COPY backend/ backend/
COPY tasks/ tasks/
COPY migrations/ migrations/
RUN python -m build --wheel --outdir /dist

# --- runtime: the wheel and the built web app, as a non-root user -------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SLIPWAY_API_HOST=0.0.0.0 \
    SLIPWAY_SERVE_HOST=0.0.0.0 \
    SLIPWAY_WEB_DIST=/app/web/dist \
    SLIPWAY_DATA_DIR=/tmp/slipway
RUN groupadd --system --gid 10001 slipway \
    && useradd --system --uid 10001 --gid slipway --no-create-home --shell /usr/sbin/nologin slipway
COPY --from=wheel /dist/*.whl /tmp/wheels/
RUN pip install /tmp/wheels/*.whl && rm -rf /tmp/wheels
COPY --from=web /src/web/dist /app/web/dist
WORKDIR /app
USER 10001:10001
EXPOSE 8000 8001
ENTRYPOINT ["slipway"]
CMD ["api"]
