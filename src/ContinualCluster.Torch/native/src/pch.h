// The one heavy include every translation unit shares (precompiled): ATen carries tensors and autograd hooks.
#pragma once
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>
