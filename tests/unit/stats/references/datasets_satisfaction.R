# References for test_datasets_satisfaction.cpp (base R): the hand-made snapshot's groups.
options(digits = 17)
c1 <- c(5, 5, 4, 4, 3, 3)                         # customer C1, overall
all <- c(c1, c(5, 4, 4, 2, 1), c(4, 5))           # all customers, overall
for (x in list(c1, all)) print(c(mean(x), sd(x), (mean(x) - 1) / 4 * 100, (t.test(x)$conf.int - 1) / 4 * 100))
