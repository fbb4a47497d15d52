"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.STORAGE_MODES = void 0;
exports.STORAGE_MODES = ['full', 'masked', 'hash'];
