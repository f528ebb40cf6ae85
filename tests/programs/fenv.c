/* Floating point with <fenv.h>: rounding modes, exception flags, and the printed results. */
#include <stdio.h>
#include <fenv.h>
#include <math.h>
#include <float.h>

static volatile double one = 1.0, three = 3.0, zero = 0.0, big = DBL_MAX, tiny = DBL_MIN;

static void flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%-10s inexact=%d divbyzero=%d underflow=%d overflow=%d invalid=%d\n", what,
           !!(f & FE_INEXACT), !!(f & FE_DIVBYZERO), !!(f & FE_UNDERFLOW), !!(f & FE_OVERFLOW), !!(f & FE_INVALID));
    feclearexcept(FE_ALL_EXCEPT);
}

int main(void)
{
    const int modes[4] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    const char *names[4] = {"nearest", "upward", "downward", "towardzero"};
    for (int i = 0; i < 4; i++) {
        fesetround(modes[i]);
        volatile double q = one / three;
        volatile float qf = (float)one / (float)three;
        volatile double s = sqrt(2.0 + zero);
        printf("%-10s getround_ok=%d 1/3=%.17g -1/3=%.17g f=%.9g sqrt2=%.17g rint(2.5)=%g rint(-2.5)=%g lrint(3.5)=%ld\n",
               names[i], fegetround() == modes[i], q, -one / three, qf, s, rint(2.5 + zero), rint(-2.5 + zero), lrint(3.5 + zero));
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r;
    r = one / three; flags("inexact");
    r = one / zero; flags("divbyzero");
    printf("1/0=%g -1/0=%g\n", r, -one / zero);
    feclearexcept(FE_ALL_EXCEPT);
    r = big * 2.0; flags("overflow");
    r = tiny / 1e10; flags("underflow");
    r = zero / zero; flags("invalid");
    printf("0/0 isnan=%d\n", isnan(r));
    r = sqrt(-one); flags("sqrt(-1)");
    volatile float f = (float)big; flags("d2f ovf");
    printf("f=%g\n", f);
    volatile long l = (long)(big); flags("d2l");
    printf("fma=%.17g\n", fma(0.1 + zero, 10.0, -1.0));
    printf("nextafter=%a\n", nextafter(one, 2.0));
    printf("fmod=%.17g remainder=%.17g\n", fmod(10.0 + zero, 3.0), remainder(10.0 + zero, 3.0));
    printf("exp=%.17g log=%.17g sin=%.17g cos=%.17g atan2=%.17g pow=%.17g\n",
           exp(1.5 + zero), log(10.0 + zero), sin(1.0 + zero), cos(1.0 + zero), atan2(1.0, 2.0 + zero), pow(2.0 + zero, 0.5));
    printf("denorm=%a conv=%d %u %lld\n", tiny / 4, (int)(-2.7 + zero), (unsigned)(3.99 + zero), (long long)(-1e15 + zero));
    (void)l;
    return 0;
}
