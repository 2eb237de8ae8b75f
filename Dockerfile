# syntax=docker/dockerfile:1
# The ContinualCluster silo image: docker build -t continualcluster/silo:0.1.0 .
#
# The native shim links against Debian 12's libtorch 1.13 (CPU) with OpenBLAS, the same packages ./run.sh uses.
# Microsoft ships no Debian images for .NET 10 (its default is Ubuntu 24.04, which has no libtorch1.13), so both
# stages are Debian bookworm and take the .NET SDK / ASP.NET Core runtime from the official images: the .NET
# builds in /usr/share/dotnet are portable glibc builds and run on bookworm (glibc 2.36).
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS dotnet-sdk
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS dotnet-aspnet

# ---- build: native shim (cmake, g++, libtorch-dev) and the published silo ----
FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates cmake g++ make libtorch-dev libopenblas0-pthread libicu72 libssl3 zlib1g \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet-sdk /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 CONFIG=Release
WORKDIR /src
# Project files first, so that the NuGet restore layer is reused while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props ContinualCluster.sln ./
COPY src/ src/
COPY silo/ silo/
COPY client/ client/
COPY run.sh ./
# The same build as `./run.sh build`: the native shim into .build/native, then the managed code (here only the
# silo and what it references, published into /app). The apt step of run.sh is the RUN above.
RUN cmake -S src/ContinualCluster.Torch/native -B .build/native -DCMAKE_BUILD_TYPE=Release \
 && cmake --build .build/native -j"$(nproc)" --target cctorch
RUN dotnet publish silo/ContinualCluster.Silo/ContinualCluster.Silo.csproj -c Release -o /app \
      -p:UseAppHost=false -nologo \
 && cp .build/native/libcctorch.so /app/ \
 && dotnet publish client/ContinualCluster.Client/ContinualCluster.Client.csproj -c Release -o /app/ccl \
      -p:UseAppHost=false -nologo

# ---- runtime: ASP.NET Core 10 + libtorch 1.13 + OpenBLAS, non-root ----
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates curl libtorch1.13 libopenblas0-pthread libssl3 zlib1g libstdc++6 libgcc-s1 tzdata \
      dataset-fashion-mnist \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ccl \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin ccl
COPY --from=dotnet-aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
COPY --from=build /app /app
# dataset-fashion-mnist: the silo pretrains its frozen backbone on the public training split at first use.
# The shim sits beside the assemblies; LD_LIBRARY_PATH also lets dlopen find it by bare name.
# The root filesystem is read-only in the pod: HOME and temporary files go to /tmp (an emptyDir there).
ENV DOTNET_ROOT=/usr/share/dotnet \
    LD_LIBRARY_PATH=/app \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    HOME=/tmp \
    CCL_Gateway__Host=0.0.0.0 \
    CCL_Gateway__Port=8080 \
    CCL_Silo__Port=11111
WORKDIR /app
USER 10001:10001
EXPOSE 8080 11111
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD curl -fsS http://127.0.0.1:${CCL_Gateway__Port}/healthz || exit 1
ENTRYPOINT ["dotnet", "/app/ContinualCluster.Silo.dll"]
