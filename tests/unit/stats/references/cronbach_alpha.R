# References for test_reliability.cpp: R psych 2.2.9 (Debian r-cran-psych) on R's attitude data.
suppressMessages(library(psych))
options(digits = 15)
# Prints the attitude data as C++ initialisers, so the test embeds exactly these numbers.
cat(apply(attitude, 1, function(r) paste0("{", paste(r, collapse = ", "), "},")), sep = "\n")
a <- alpha(attitude, warnings = FALSE)$total
print(c(a$raw_alpha, a$std.alpha))
# Pairwise-complete variant: the same data with these cells set missing (row, column, 1-based).
x <- attitude
x[3, 1] <- NA; x[7, 2] <- NA; x[7, 5] <- NA; x[12, 4] <- NA; x[20, 7] <- NA; x[25, 3] <- NA
p <- alpha(x, warnings = FALSE)$total   # psych default: cov/cor with use = "pairwise"
print(c(p$raw_alpha, p$std.alpha))
# Pairwise by hand, to show which variant psych uses.
C <- cov(x, use = "pairwise.complete.obs"); R <- cor(x, use = "pairwise.complete.obs"); k <- ncol(x)
print(c(k / (k - 1) * (1 - sum(diag(C)) / sum(C)), k / (k - 1) * (1 - k / sum(R))))
# Listwise variant: complete rows only.
l <- alpha(na.omit(x), warnings = FALSE)$total
print(c(nrow(na.omit(x)), l$raw_alpha, l$std.alpha))
print(cor(x, use = "pairwise.complete.obs")[1, 2]); print(cor(na.omit(x))[1, 2])
