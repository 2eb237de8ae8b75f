// libtorch called from C++ directly: median milliseconds of a 1024x1024x1024 float32 matmul (the binding's baseline).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <dlfcn.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
    int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    int reps = argc > 2 ? std::atoi(argv[2]) : 30;
    int64_t n = argc > 3 ? std::atoll(argv[3]) : 1024;
    at::set_num_threads(threads);
    if (auto fn = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) fn(threads);
    at::manual_seed(0);
    auto a = at::randn({n, n}), b = at::randn({n, n});
    for (int i = 0; i < 5; i++) (void)a.mm(b);
    std::vector<double> ms;
    for (int i = 0; i < reps; i++) {
        auto t0 = std::chrono::steady_clock::now();
        auto c = a.mm(b);
        auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%.6f\n", ms[ms.size() / 2]);
    return 0;
}
