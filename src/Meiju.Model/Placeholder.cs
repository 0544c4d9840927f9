namespace Meiju.Model;
