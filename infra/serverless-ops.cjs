'use strict';
// placeholder, filled in below
class ServerlessOps {
  constructor() {
    this.hooks = {};
  }
}
module.exports = ServerlessOps;
