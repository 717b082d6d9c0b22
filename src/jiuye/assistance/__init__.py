"""Key-group assistance (重点群体就业帮扶): the register, 就业困难人员 certification, services, the 动态清零 watch."""
