/* printf/strtod of floating point: shortest digits, exponents, rounding, special values. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

int main(void)
{
    volatile double vals[] = {0.0, -0.0, 1.0, 0.1, 1.0 / 3, 2.0 / 3, 123456789.125, 1e-300, 1e300, 5e-324,
                              1.7976931348623157e308, 3.141592653589793, -2.718281828459045, 1e21, 1e-7, 0.5, 1.5, 2.5};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("%g|%e|%.3f|%.17g|%a|%10.4f|%-12.2e|%+.0f\n", v, v, v, v, v, v, v, v);
    }
    printf("%f %f %f %e\n", INFINITY, -INFINITY, NAN, HUGE_VAL);
    printf("%.30f\n", 0.1);
    printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -0.5);
    float f = 16777217.0f;
    printf("%f %.10g\n", f, (double)3.4028235e38f);
    const char *strs[] = {"3.14159", "1e10", "-0.0001", "0x1.8p3", "inf", "nan", "123abc", "1e-400", "2.2250738585072011e-308"};
    for (unsigned i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        char *end;
        double d = strtod(strs[i], &end);
        printf("strtod(%s) = %.17g rest='%s'\n", strs[i], d, end);
    }
    long double ld = 1.0L / 3;
    printf("long double %.20Lg\n", ld);
    double acc = 0;
    for (int i = 1; i <= 1000; i++) acc += 1.0 / ((double)i * i);
    printf("basel %.15f sqrt %.15f\n", acc, sqrt(acc * 6));
    return 0;
}
