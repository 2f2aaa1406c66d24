const fs = require("fs");
const chunk = "flooding the judge with output that nobody asked for\n".repeat(1000);
for (;;) {
  fs.writeSync(1, chunk);
}
