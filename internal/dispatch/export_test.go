package dispatch

// ProvinceIn is provinceIn, for the tests.
var ProvinceIn = provinceIn
